package io.nodechecker.cli;

import picocli.CommandLine.Option;

import java.util.List;

/** {@code --include-tags}/{@code --exclude-tags}: which modules of CITGM's lookup.json run, as {@code citgm-all} filters them. */
class LookupTags {

    @Option(names = "--include-tags", split = ",", description = "lookup.json: only modules with one of these tags (a module's name is a tag)")
    List<String> include;

    @Option(names = "--exclude-tags", split = ",", description = "lookup.json: leave out modules with one of these tags")
    List<String> exclude;
}
