package dev.aurelis.configuration;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.annotation.JsonNaming;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting acts or says it does not. Derived from the production bytecode: a setting is acted on when code
 * outside the configuration binding ({@link ConfigurationBinding}) calls its accessor, directly or through a derived
 * method of the schema that such code calls. A setting nothing acts on must carry {@link NotYetEnforced}; a setting
 * that carries it must be acted on by nothing, so the capability that starts acting on one removes its marker.
 */
class ConfigurationEnforcementTests {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.aurelis");

    @Test
    void everySettingNoCodeActsOnIsMarkedNotYetEnforced() {
        List<String> silent = new ArrayList<>();
        Schema.walk().forEach((component, path) -> {
            if (!component.marked() && !component.alwaysOn() && !component.container()
                    && readers(component).isEmpty()) {
                silent.add(path + " (" + component + ")");
            }
        });

        assertThat(silent).as("settings no code acts on: make them act or mark them @NotYetEnforced").isEmpty();
    }

    @Test
    void noSettingMarkedNotYetEnforcedIsActedOn() {
        List<String> enforced = new ArrayList<>();
        Schema.walk().forEach((component, path) -> {
            if (component.marked()) {
                Set<String> readers = readers(component);
                if (!readers.isEmpty()) {
                    enforced.add(path + " (" + component + ") is read by " + String.join(", ", readers));
                }
            }
        });

        assertThat(enforced).as("settings marked @NotYetEnforced that code acts on: remove their marker").isEmpty();
    }

    @Test
    void noSettingIsBothAlwaysOnAndNotYetEnforced() {
        assertThat(Schema.walk().keySet().stream().filter(s -> s.marked() && s.alwaysOn()).toList()).isEmpty();
    }

    @Test
    void onlySwitchesThatCanBeLeftOutAreAlwaysOn() {
        // a primitive boolean left out reads as false, which @AlwaysOn refuses
        assertThat(Schema.walk().keySet().stream()
                .filter(s -> s.alwaysOn() && s.component().getType() != Boolean.class).toList()).isEmpty();
    }

    @Test
    void everyMarkNamesTheCapabilityExpectedToAct() {
        Schema.walk().keySet().stream().filter(Setting::marked)
                .forEach(component -> assertThat(component.annotation().value()).as(component.toString()).isNotBlank());
    }

    /** Where a setting's accessor is called from outside the binding, as {@code Class.method}. */
    private static Set<String> readers(Setting setting) {
        JavaClass owner = PRODUCTION.get(setting.record());
        Set<String> readers = new LinkedHashSet<>();
        Set<JavaCodeUnit> visited = new HashSet<>();
        JavaMethod accessor = owner.getMethod(setting.name());
        visited.add(accessor);
        collectReaders(accessor.getAccessesToSelf(), readers, visited);
        // the record's own derived methods (timeoutDuration(), effectiveBaseUrl()...) read the field itself
        collectReaders(owner.getField(setting.name()).getAccessesToSelf().stream()
                .filter(access -> access.getAccessType() == JavaFieldAccess.AccessType.GET)
                .filter(access -> !(access.getOrigin() instanceof JavaConstructor))
                .toList(), readers, visited);
        return readers;
    }

    /** @param accesses calls and method references ({@code map(Security::sessionTimeout)}) alike */
    private static void collectReaders(Collection<? extends JavaAccess<?>> accesses, Set<String> readers,
            Set<JavaCodeUnit> visited) {
        for (JavaAccess<?> access : accesses) {
            JavaCodeUnit origin = access.getOrigin();
            JavaClass caller = outermost(origin.getOwner());
            if (caller.isAnnotatedWith(ConfigurationBinding.class)) {
                continue;
            }
            if (Schema.isSchemaRecord(origin.getOwner().reflect()) && origin instanceof JavaConstructor) {
                // a section's constructor derives another setting from it (organization.id from enterprise.organization_id)
                readers.add(origin.getOwner().getSimpleName() + " (derives a setting)");
            } else if (Schema.isSchemaRecord(origin.getOwner().reflect())) {
                if (origin.getRawReturnType().equals(access.getTargetOwner())) {
                    continue; // a copy into another record of the same type (activeModels()) acts on nothing
                }
                // a derived value of the schema (timeoutDuration(), activeGithubToken()...) reads what it is read for
                if (visited.add(origin)) {
                    collectReaders(origin.getAccessesToSelf(), readers, visited);
                }
            } else {
                readers.add(origin.getOwner().getSimpleName() + "." + origin.getName());
            }
        }
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass current = type;
        Optional<JavaClass> enclosing = current.getEnclosingClass();
        while (enclosing.isPresent()) {
            current = enclosing.get();
            enclosing = current.getEnclosingClass();
        }
        return current;
    }

    /** One record component of the configuration schema. */
    record Setting(Class<?> record, RecordComponent component) {

        String name() {
            return component.getName();
        }

        NotYetEnforced annotation() {
            return component.getAnnotation(NotYetEnforced.class);
        }

        boolean marked() {
            return annotation() != null;
        }

        /** Acted on by validation, which refuses to switch it off. */
        boolean alwaysOn() {
            return component.isAnnotationPresent(AlwaysOn.class);
        }

        /** A section, list or map of sections: acted on through what it holds. */
        boolean container() {
            return !Schema.recordsIn(component.getGenericType()).isEmpty();
        }

        @Override
        public String toString() {
            return record.getName().substring(record.getPackageName().length() + 1) + "." + name();
        }
    }

    /** The schema reachable from {@link AurelisConfig}; inside a {@link NotYetEnforced} section only the section itself. */
    static final class Schema {

        static Map<Setting, String> walk() {
            Map<Setting, String> settings = new LinkedHashMap<>();
            visit(AurelisConfig.class, "", settings, new HashSet<>());
            return settings;
        }

        private static void visit(Class<?> record, String prefix, Map<Setting, String> settings, Set<Class<?>> seen) {
            if (!seen.add(record)) {
                return;
            }
            for (RecordComponent component : record.getRecordComponents()) {
                Setting setting = new Setting(record, component);
                String path = prefix + KeyNames.of(component) + suffix(component.getGenericType());
                settings.putIfAbsent(setting, path);
                if (!setting.marked()) {
                    for (Class<?> inner : recordsIn(component.getGenericType())) {
                        visit(inner, path + ".", settings, seen);
                    }
                }
            }
        }

        private static String suffix(Type type) {
            Class<?> raw = raw(type);
            if (Map.class.isAssignableFrom(raw) && !recordsIn(type).isEmpty()) {
                return ".*";
            }
            if (List.class.isAssignableFrom(raw) && !recordsIn(type).isEmpty()) {
                return "[]";
            }
            return "";
        }

        static boolean isSchemaRecord(Class<?> type) {
            return type.isRecord() && type.getPackageName().startsWith(AurelisConfig.class.getPackageName())
                    && type.isAnnotationPresent(JsonNaming.class);
        }

        static List<Class<?>> recordsIn(Type type) {
            List<Class<?>> records = new ArrayList<>();
            if (type instanceof ParameterizedType parameterized) {
                for (Type argument : parameterized.getActualTypeArguments()) {
                    records.addAll(recordsIn(argument));
                }
            } else if (type instanceof Class<?> plain && isSchemaRecord(plain)) {
                records.add(plain);
            }
            return records;
        }

        private static Class<?> raw(Type type) {
            if (type instanceof ParameterizedType parameterized) {
                return (Class<?>) parameterized.getRawType();
            }
            return type instanceof Class<?> plain ? plain : Object.class;
        }
    }
}
