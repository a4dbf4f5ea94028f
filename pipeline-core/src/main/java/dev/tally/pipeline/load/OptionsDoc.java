package dev.tally.pipeline.load;

import dev.tally.pipeline.model.Durations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders the option declarations as the README's pipeline reference tables. */
public final class OptionsDoc {

    public static final String BEGIN = "<!-- pipeline-options:begin (generated from PipelineOptions; do not edit) -->";
    public static final String END = "<!-- pipeline-options:end -->";

    private OptionsDoc() {
    }

    /** The tables, one per section. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        for (Section section : PipelineOptions.all()) {
            out.append("\n#### ").append(section.yamlPath().isEmpty() ? "Top level" : "`" + section.yamlPath() + "`")
                    .append("\n\n").append(section.description()).append("\n\n")
                    .append("| option | type | default | description | example |\n")
                    .append("|---|---|---|---|---|\n");
            for (Option<?> option : section.options()) {
                out.append("| `").append(option.name()).append("` | ")
                        .append(cell(option.type().describe())).append(" | ")
                        .append(option.required() ? "required" : option.defaultValue() == null ? "—"
                                : "`" + format(option.defaultValue()) + "`").append(" | ")
                        .append(cell(option.description())).append(" | `")
                        .append(option.example().replace("|", "\\|")).append("` |\n");
            }
        }
        return out.toString();
    }

    /** The document with the part between the markers replaced by the current tables. */
    public static String replaceIn(String document) {
        Pattern block = Pattern.compile(Pattern.quote(BEGIN) + ".*?" + Pattern.quote(END), Pattern.DOTALL);
        Matcher m = block.matcher(document);
        if (!m.find()) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " block");
        }
        return m.replaceFirst(Matcher.quoteReplacement(BEGIN + "\n" + markdown() + "\n" + END));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String format(Object value) {
        if (value instanceof java.time.Duration d) {
            return Durations.format(d);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase();
        }
        return value instanceof java.util.List<?> l && l.isEmpty() ? "[]" : String.valueOf(value);
    }
}
