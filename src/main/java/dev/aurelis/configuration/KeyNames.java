package dev.aurelis.configuration;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/** The keys a record component is written under in the file: its snake-case name (or {@code @JsonProperty}) and aliases. */
final class KeyNames {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private KeyNames() {
    }

    /** The key the component is written under. */
    static String of(RecordComponent component) {
        JsonProperty explicit = backingField(component).getAnnotation(JsonProperty.class);
        return explicit != null && !explicit.value().isEmpty()
                ? explicit.value()
                : SNAKE_CASE.nameForField(null, null, component.getName());
    }

    /** The key and every alias the component is also read under. */
    static List<String> allOf(RecordComponent component) {
        List<String> names = new ArrayList<>();
        names.add(of(component));
        JsonAlias aliases = backingField(component).getAnnotation(JsonAlias.class);
        if (aliases != null) {
            names.addAll(List.of(aliases.value()));
        }
        return names;
    }

    // Jackson's annotations do not target record components; Java keeps them on the backing field.
    private static Field backingField(RecordComponent component) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("A record always has a field per component", e);
        }
    }
}
