package dev.weft.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.weft.future.Future;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * Forgetting to await is caught by tools, and weft-core keeps no run-time dependency: every exported package is
 * {@code @NullMarked} (JSpecify) and {@code @CheckReturnValue} (Error Prone), and both come in through
 * {@code requires static} only.
 */
class ApiAnnotationsTest {

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(Future.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void everyExportedPackage_isNullMarked_andCheckReturnValue() throws Exception {
        Set<String> exported = descriptor().exports().stream().filter(e -> !e.isQualified()) // public API only
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).contains("dev.weft.future", "dev.weft.runtime", "dev.weft.task", "dev.weft.sync");
        assertThat(exported).contains("dev.weft.trace");
        for (String pkg : exported) {
            Class<?> info = Class.forName(pkg + ".package-info");
            assertThat(info.getAnnotation(NullMarked.class)).as("@NullMarked on %s", pkg).isNotNull();
            assertThat(info.getAnnotation(CheckReturnValue.class)).as("@CheckReturnValue on %s", pkg).isNotNull();
        }
    }

    @Test
    void annotationModules_areRequiredStatic_theOnlyRunTimeRequirementsAreJdkModules() throws Exception {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = descriptor().requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertThat(requires.get("org.jspecify")).contains(ModuleDescriptor.Requires.Modifier.STATIC);
        assertThat(requires.get("com.google.errorprone.annotations"))
                .contains(ModuleDescriptor.Requires.Modifier.STATIC);
        Set<String> runTime = requires.entrySet().stream()
                .filter(e -> !e.getValue().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(runTime).allMatch(m -> m.startsWith("java.") || m.startsWith("jdk."), "a JDK module");
    }
}
