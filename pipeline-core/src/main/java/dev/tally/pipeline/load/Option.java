package dev.tally.pipeline.load;

/**
 * One setting of a pipeline file, declared once: its name, type, default, check and
 * description. The loader and the README's option tables are both driven by these declarations.
 *
 * @param name         the YAML field name
 * @param type         how the value is read and checked
 * @param defaultValue the value when absent (null: none)
 * @param required     whether the field must be present
 * @param description  what it means, for the README
 * @param example      an example value, for the README
 */
record Option<T>(String name, OptionType<T> type, T defaultValue, boolean required, String description,
                 String example) {

    static <T> Option<T> required(String name, OptionType<T> type, String description, String example) {
        return new Option<>(name, type, null, true, description, example);
    }

    static <T> Option<T> optional(String name, OptionType<T> type, T defaultValue, String description,
                                  String example) {
        return new Option<>(name, type, defaultValue, false, description, example);
    }
}
