package io.nodechecker.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** No two packages of this module depend on each other, however indirectly: each folder one responsibility. */
class PackageCyclesTest {

    @Test
    void packagesHaveNoCycles() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nodechecker.gateway");
        slices().matching("io.nodechecker.(**)").should().beFreeOfCycles().check(classes);
    }
}
