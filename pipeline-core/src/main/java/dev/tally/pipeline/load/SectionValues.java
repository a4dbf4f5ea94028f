package dev.tally.pipeline.load;

import java.util.Map;

/** The values read for one section of a pipeline file, with defaults applied. */
final class SectionValues {

    private final Section section;
    private final String path;
    private final Map<Option<?>, Object> values;

    SectionValues(Section section, String path, Map<Option<?>, Object> values) {
        this.section = section;
        this.path = path;
        this.values = values;
    }

    Section section() {
        return section;
    }

    /** Where the section sits in the file, e.g. {@code sources[0]}. */
    String path() {
        return path;
    }

    /** The path of one of its options, for problem reports. */
    String pathOf(Option<?> option) {
        return Problems.child(path, option.name());
    }

    @SuppressWarnings("unchecked")
    <T> T get(Option<T> option) {
        if (!section.options().contains(option)) {
            throw new IllegalArgumentException(option.name() + " is not an option of " + section.title());
        }
        return values.containsKey(option) ? (T) values.get(option) : option.defaultValue();
    }

    boolean isSet(Option<?> option) {
        return values.containsKey(option);
    }
}
