package io.nodechecker.gateway.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Names a violated property as a client wrote it: {@code package}, not the record component
 * {@code packageName} that Java's keyword forced. Picked up by Quarkus' validator factory as a bean.
 */
@ApplicationScoped
public class JsonPropertyNames implements PropertyNodeNameProvider {

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            try {
                JsonProperty json = bean.getDeclaringClass().getDeclaredField(bean.getName()).getAnnotation(JsonProperty.class);
                if (json != null && !json.value().isEmpty()) {
                    return json.value();
                }
            } catch (NoSuchFieldException e) {
                return bean.getName();
            }
        }
        return property.getName();
    }
}
