package dev.tally.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each fixture under pipelines/bad is refused with the file, the path of the problem and its reason. */
class BadPipelineDefinitionsTest {

    private static final Path BAD = Path.of("src/test/resources/pipelines/bad");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '"', textBlock = """
            not-yaml                      ~                               ~ is not valid YAML
            unknown-field                 ~ groupBY                       ~ unknown field; did you mean 'groupBy'?
            missing-aggregates            ~ aggregates                    ~ missing required field
            bad-expression                ~ sources[0].fields.kwh         ~ invalid expression 'reading_wh /'
            unknown-column                ~ sources[0].fields.kwh         ~ undeclared reference to 'reading'
            unknown-function              ~ aggregates.peak_kwh           ~ unknown aggregate function 'median'
            group-key-not-a-field         ~ groupBy[0]                    ~ 'plant' is not a field of the pipeline
            window-on-non-timestamp       ~ window.on                     ~ windows need a timestamp field
            duplicate-source-names        ~ sources[1].name               ~ duplicate source name 'plant-a'
            duplicate-yaml-key            ~                               ~ Duplicate field 'readings'
            sink-without-table            ~ sinks[0].table                ~ missing required field
            sink-without-table            ~ sinks[0].onEmpty              ~ expected one of delete | keep
            sum-of-text                   ~ aggregates.total_kwh          ~ sum needs a number, but 'site' is string
            bad-duration                  ~ window.size                   ~ expected a duration such as 500ms
            duration-too-long             ~ window.grace                  ~ (at most 106751991167d), found the text '55555555555555530d'
            duration-too-long             ~ window.retention              ~ (at most 106751991167d), found the text '5555555555555555555555555d'
            hopping-without-advance       ~ window.advance                ~ hopping windows need an advance
            hopping-with-too-many-windows ~ window.advance                ~ puts each event into 86400000 windows
            sources-disagree-on-types     ~ sources[1].fields.kwh         ~ is decimal but in sources[0] it is double
            filter-not-boolean            ~ sources[0].where              ~ a filter must be a condition
            bad-pipeline-name             ~ name                          ~ 'Meter_Readings' is not a valid name
            unknown-sink-type             ~ sinks[0].type                 ~ unknown sink type the text 'kafka'
            database-source-without-table ~ sources[0].table              ~ names the table it reads
            aggregate-named-like-key      ~ aggregates.site               ~ is also a group key field
            aggregate-without-name        ~ aggregates.                   ~ '' is not a valid name
            unknown-column-type           ~ sources[0].columns.reading_wh ~ unknown type the text 'money'
            group-by-reserved-name        ~ groupBy[0]                    ~ 'version' is reserved for a sink column
            group-by-double               ~ groupBy[0]                    ~ floating-point values make unstable group keys
            http-sink-url-and-url-from    ~ sinks[0].url                  ~ set exactly one of url (the URL) and urlFrom
            http-sink-optional-without-url-from ~ sinks[0].optional       ~ only a sink whose URL comes from a variable
            http-sink-static-auth-without-variable ~ sinks[0].auth.valueFrom ~ missing: auth type static needs valueFrom
            http-sink-oauth2-with-static-option ~ sinks[0].auth.valueFrom ~ is not an option of auth type oauth2
            http-sink-content-type-header ~ sinks[0].headers.Content-Type ~ sets Content-Type itself; use contentType
            http-sink-bad-variable-name   ~ sinks[0].urlFrom              ~ 'sales-hook-url' is not an environment variable name
            http-sink-max-backoff-below-backoff ~ sinks[0].retry.maxBackoff ~ must be at least backoff (10s)
            http-sink-not-http-url        ~ sinks[0].url                  ~ is not an http or https URL
            """)
    void refusesWithFilePathAndReason(String fixture, String path, String reason) {
        Path file = BAD.resolve(fixture + ".yaml");
        assertThatThrownBy(() -> new PipelineLoader().load(file))
                .isInstanceOfSatisfying(PipelineDefinitionException.class, e -> {
                    assertThat(e.problems())
                            .as("problems of %s", fixture)
                            .anySatisfy(problem -> {
                                assertThat(problem.file()).isEqualTo(file.toString());
                                assertThat(problem.path()).isEqualTo(path == null ? "" : path);
                                assertThat(problem.reason()).contains(reason);
                            });
                    assertThat(e.getMessage()).contains(file.toString()).contains(reason);
                });
    }
}
