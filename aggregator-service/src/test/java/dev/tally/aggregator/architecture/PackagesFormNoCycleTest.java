package dev.tally.aggregator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's packages depend on each other in one direction only (api on the rest, apply on commit and store,
 * commit on store), so each can be read without the ones above it.
 */
class PackagesFormNoCycleTest {

    private static final JavaClasses AGGREGATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tally.aggregator");

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching("dev.tally.aggregator.(*)..").should().beFreeOfCycles().check(AGGREGATOR);
    }

    @Test
    void theTopPackageHoldsSettingsAndMetersOnlyAndImportsNoSubPackage() {
        noClasses().that().resideInAPackage("dev.tally.aggregator")
                .should().dependOnClassesThat().resideInAPackage("dev.tally.aggregator.*..")
                .check(AGGREGATOR);
    }
}
