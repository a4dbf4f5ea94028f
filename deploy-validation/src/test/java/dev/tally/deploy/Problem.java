package dev.tally.deploy;

/** One thing wrong with a deployment file: where (file, object) and what, in words that say how to fix it. */
public record Problem(String where, String what) {

    @Override
    public String toString() {
        return where + ": " + what;
    }
}
