package dev.tally.cli;

import dev.tally.pipeline.model.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as pipeline files write them: 500ms, 30s, 10m, 1h, 7d. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a duration such as 500ms, 30s, 10m, 1h or 7d"));
    }
}
