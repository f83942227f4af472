package dev.weft.http.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.errorprone.annotations.CheckReturnValue;
import dev.weft.http.Request;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * weft-http's public packages carry the same compile-only annotations as weft-core's: {@code @NullMarked}
 * (JSpecify) and {@code @CheckReturnValue} (Error Prone), both required {@code static}.
 */
class ApiAnnotationsTest {

    @Test
    void everyExportedPackage_isNullMarked_andCheckReturnValue_withAnnotationsCompileOnly() throws Exception {
        ModuleDescriptor module = descriptor();
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).containsExactly("dev.weft.http", "dev.weft.http.client", "dev.weft.http.layer",
                "dev.weft.http.router", "dev.weft.http.server", "dev.weft.http.service", "dev.weft.http.tls");
        for (String pkg : exported) {
            Class<?> info = Class.forName(pkg + ".package-info");
            assertThat(info.getAnnotation(NullMarked.class)).as("@NullMarked on %s", pkg).isNotNull();
            assertThat(info.getAnnotation(CheckReturnValue.class)).as("@CheckReturnValue on %s", pkg).isNotNull();
        }
        for (String annotations : new String[] {"org.jspecify", "com.google.errorprone.annotations"}) {
            assertThat(module.requires()).filteredOn(r -> r.name().equals(annotations)).singleElement()
                    .satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
        }
    }

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(Request.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }
}
