package dev.weft.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds weft-core's layering (STYLE.md 3.1, DESIGN.md §3, docs/adr/0009 and 0007) on its compiled main classes:
 * <pre>
 *   dev.weft.internal.context        JDK only: the engine hooks future reaches (Ambient, ThreadContext, ...)
 *   dev.weft.future                  + internal.context
 *   dev.weft.internal.*              + future, other internal packages; never a facade
 *   facades (runtime, task, time, sync, io, net, fs, signal, trace)   + anything below them
 * </pre>
 * plus: no package cycle; no public signature of an exported package names an internal type; {@code sync} and
 * {@code internal.sync} use neither the runtime nor {@code synchronized}, and {@code sync} uses {@code time} only
 * in {@code Mpsc} ({@code sendTimeout}, ADR 0007).
 *
 * <p>Mutation check (run once, all three at the same time): a use of {@code dev.weft.time.Time} in
 * {@code Semaphore} failed {@code sync_dependsOnFutureAndInternalUtilitiesOnly}; a {@code public Ambient} accessor on
 * {@code Context} failed {@code publicSignatures_ofExportedPackages_nameNoInternalType} and
 * {@code context_hasNoPublicMutatorsOrRuntimeHandle}; a use of {@code internal.future.Contexts} in {@code Select}
 * failed {@code future_dependsOnlyOnInternalContext} and {@code packages_haveNoCycles}. On the commit before
 * ADR 0009 the cycle rule failed on {@code future <-> internal.future} ({@code Select} / {@code DeferredWakeup}).
 */
class ArchitectureTest {
    private static final String[] FACADES = {"dev.weft.runtime..", "dev.weft.task..", "dev.weft.time..",
        "dev.weft.sync..", "dev.weft.io..", "dev.weft.net..", "dev.weft.fs..", "dev.weft.signal..", "dev.weft.trace.."};

    /**
     * Classes that still use {@code synchronized} in {@code sync}, each with the reason it is tolerated for now. An
     * entry that no longer matches fails {@link #sync_usesNoSynchronized}, so the list only ever shrinks.
     */
    private static final Set<String> SYNCHRONIZED_ALLOWED_UNTIL_FIXED = Set.of();

    /** Compile-only annotation packages (requires static): allowed wherever the JDK is. */
    private static final String ANNOTATIONS_JSPECIFY = "org.jspecify.annotations..";
    private static final String ANNOTATIONS_ERROR_PRONE = "com.google.errorprone.annotations..";

    private static JavaClasses core;

    @BeforeAll
    static void importMainClasses() {
        // the module's compiled main classes only (surefire runs in the module directory): no class-path scan
        core = new ClassFileImporter().importPath(Path.of("target/classes"));
        assertThat(core.contain("dev.weft.future.Context")).as("main classes imported").isTrue();
    }

    @Test
    void internalContext_dependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.weft.internal.context..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ANNOTATIONS_JSPECIFY,
                        ANNOTATIONS_ERROR_PRONE, "dev.weft.internal.context..")
                .check(core);
    }

    @Test
    void future_dependsOnlyOnInternalContext() {
        classes().that().resideInAPackage("dev.weft.future")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", ANNOTATIONS_JSPECIFY, ANNOTATIONS_ERROR_PRONE, "dev.weft.future",
                        "dev.weft.internal.context..")
                .check(core);
    }

    /**
     * ADR 0018: the engine's task is its own {@code JoinHandle} (the sealed handle's only subclass), so a spawn
     * allocates no handle. That one edge, {@code Task extends JoinHandle}, is the engine's only dependency on a
     * facade and the only cycle between packages; nothing else may use it.
     */
    private static final String TASK = "dev.weft.internal.task.Task";
    private static final String JOIN_HANDLE = "dev.weft.task.JoinHandle";

    @Test
    void internal_neverDependsOnAFacade() {
        noClasses().that().resideInAPackage("dev.weft.internal..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(FACADES)
                        .and(DescribedPredicate.not(HasName.Predicates.name(JOIN_HANDLE)))) // ADR 0018
                .check(core);
    }

    @Test
    void onlyTheTask_extendsTheJoinHandle_andNothingElseInTheEngineUsesIt() {
        noClasses().that().resideInAPackage("dev.weft.internal..").and().doNotHaveFullyQualifiedName(TASK)
                .should().dependOnClassesThat().haveFullyQualifiedName(JOIN_HANDLE)
                .check(core);
        classes().that().haveFullyQualifiedName(TASK).should().beAssignableTo(JOIN_HANDLE).check(core);
    }

    @Test
    void packages_haveNoCycles() {
        slices().matching("dev.weft.(**)").should().beFreeOfCycles()
                .ignoreDependency(TASK, JOIN_HANDLE) // ADR 0018
                .check(core);
    }

    @Test
    void sync_dependsOnFutureAndInternalUtilitiesOnly() {
        classes().that().resideInAnyPackage("dev.weft.sync", "dev.weft.internal.sync")
                .and(DescribedPredicate.not(mpscSendTimeout()))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ANNOTATIONS_JSPECIFY,
                        ANNOTATIONS_ERROR_PRONE, "dev.weft.future", "dev.weft.internal.context",
                        "dev.weft.internal.util", "dev.weft.sync", "dev.weft.internal.sync")
                .check(core);
    }

    @Test
    void sync_usesTimeOnlyForSendTimeout() {
        // ADR 0007: Mpsc.Sender.sendTimeout arms a Sleep; no other sync class may touch the timer facade
        classes().that().resideInAnyPackage("dev.weft.sync", "dev.weft.internal.sync")
                .and(mpscSendTimeout())
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ANNOTATIONS_JSPECIFY,
                        ANNOTATIONS_ERROR_PRONE, "dev.weft.future", "dev.weft.time",
                        "dev.weft.internal.context", "dev.weft.internal.util", "dev.weft.sync",
                        "dev.weft.internal.sync")
                .check(core);
    }

    @Test
    void sync_usesNoSynchronized() {
        // synchronized pins a virtual thread on JDK 21 and hides waits from the scheduler: sync stays lock-free or
        // uses j.u.c locks. Methods are checked on the bytecode; blocks (monitorenter) on the sources.
        noMethods().that().areDeclaredInClassesThat().resideInAnyPackage("dev.weft.sync..", "dev.weft.internal.sync..")
                .should().haveModifier(JavaModifier.SYNCHRONIZED)
                .check(core);
        Set<String> offenders = new TreeSet<>();
        Path src = Path.of("src/main/java");
        for (String pkg : List.of("dev/weft/sync", "dev/weft/internal/sync")) {
            for (Path file : javaFiles(src.resolve(pkg))) {
                if (SYNCHRONIZED.matcher(codeOnly(read(file))).find()) {
                    offenders.add(src.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        Set<String> unexpected = new TreeSet<>(offenders);
        unexpected.removeAll(SYNCHRONIZED_ALLOWED_UNTIL_FIXED);
        Set<String> stale = new TreeSet<>(SYNCHRONIZED_ALLOWED_UNTIL_FIXED);
        stale.removeAll(offenders);
        assertThat(unexpected).as("sync sources using synchronized").isEmpty();
        assertThat(stale).as("allowances that no longer apply: delete them from SYNCHRONIZED_ALLOWED_UNTIL_FIXED")
                .isEmpty();
    }

    @Test
    void publicSignatures_ofExportedPackages_nameNoInternalType() {
        Set<String> exported = exportedPackages();
        assertThat(exported).contains("dev.weft.future", "dev.weft.runtime").noneMatch(p -> p.contains("internal"));
        List<String> violations = new ArrayList<>();
        for (JavaClass c : core) {
            if (!exported.contains(c.getPackageName()) || !isApiVisible(c)) continue;
            c.getSuperclass().ifPresent(t -> check(violations, c.getName() + " extends", t));
            for (JavaType t : c.getInterfaces()) check(violations, c.getName() + " implements", t);
            for (JavaType t : c.getTypeParameters()) check(violations, c.getName() + " type parameter", t);
            for (JavaMember m : c.getMembers()) {
                if (!isApiMember(c, m)) continue;
                String where = c.getName() + "." + m.getName();
                if (m instanceof JavaField f) check(violations, where, f.getType());
                if (m instanceof JavaCodeUnit u) {
                    for (JavaType t : u.getParameterTypes()) check(violations, where + " parameter", t);
                    check(violations, where + " returns", u.getReturnType());
                    for (JavaType t : u.getTypeParameters()) check(violations, where + " type parameter", t);
                    u.getThrowsClause().getTypes().forEach(t -> check(violations, where + " throws", t));
                }
            }
        }
        assertThat(violations).as("public API naming dev.weft.internal types").isEmpty();
    }

    @Test
    void context_hasNoPublicMutatorsOrRuntimeHandle() {
        JavaClass cx = core.get("dev.weft.future.Context");
        assertThat(cx.getModifiers()).contains(JavaModifier.FINAL);
        Set<String> publicMethods = cx.getMethods().stream()
                .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                .map(m -> m.getName()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(publicMethods).containsExactlyInAnyOrder("waker", "consumeBudget", "remainingBudget", "bindAmbient");
        assertThat(cx.getFields()).allMatch(f -> !f.getModifiers().contains(JavaModifier.PUBLIC)
                || f.getModifiers().containsAll(Set.of(JavaModifier.STATIC, JavaModifier.FINAL)));
        JavaClass await = core.get("dev.weft.future.Await");
        assertThat(await.getMethods()).filteredOn(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                .extracting(m -> m.getName()).containsOnly("await", "isBlockingAllowed");
    }

    private static DescribedPredicate<JavaClass> mpscSendTimeout() {
        return DescribedPredicate.describe("are Mpsc or nested in it (sendTimeout, ADR 0007)",
                c -> c.getName().equals("dev.weft.sync.Mpsc") || c.getName().startsWith("dev.weft.sync.Mpsc$"));
    }

    private static void check(List<String> violations, String where, JavaType type) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (raw.getPackageName().startsWith("dev.weft.internal")) {
                violations.add(where + " names " + raw.getName());
            }
        }
    }

    /** Public, and every enclosing class public: reachable from another module. */
    private static boolean isApiVisible(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) return false;
            if (k.isAnonymousClass() || k.isLocalClass()) return false;
        }
        return true;
    }

    private static boolean isApiMember(JavaClass owner, JavaMember m) {
        Set<JavaModifier> mods = m.getModifiers();
        if (mods.contains(JavaModifier.SYNTHETIC) || mods.contains(JavaModifier.BRIDGE)) return false;
        if (mods.contains(JavaModifier.PUBLIC)) return true;
        // protected is API when a subclass can exist outside the package
        return mods.contains(JavaModifier.PROTECTED) && !owner.getModifiers().contains(JavaModifier.FINAL);
    }

    /** The packages module-info.java exports, read from the compiled descriptor. */
    private static Set<String> exportedPackages() {
        Path info = Path.of("target/classes/module-info.class");
        try (var in = Files.newInputStream(info)) {
            return ModuleDescriptor.read(in).exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern SYNCHRONIZED = Pattern.compile("\\bsynchronized\\b");
    private static final Pattern COMMENTS_AND_LITERALS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

    /** The source with comments, string and char literals blanked, so only code is scanned. */
    static String codeOnly(String source) {
        return COMMENTS_AND_LITERALS.matcher(source).replaceAll(" ");
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
