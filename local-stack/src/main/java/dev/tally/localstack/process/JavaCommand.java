package dev.tally.localstack.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of a child JVM that runs a main class with the same Java installation as this JVM. */
public final class JavaCommand {

    private final String mainClass;
    private String classpath = System.getProperty("java.class.path");
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();

    private JavaCommand(String mainClass) {
        this.mainClass = mainClass;
    }

    public static JavaCommand main(String mainClass) {
        return new JavaCommand(mainClass);
    }

    public JavaCommand classpath(String classpath) {
        this.classpath = classpath;
        return this;
    }

    public JavaCommand jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public JavaCommand systemProperty(String name, Object value) {
        jvmOptions.add("-D" + name + "=" + value);
        return this;
    }

    public JavaCommand arguments(String... values) {
        arguments.addAll(List.of(values));
        return this;
    }

    /** Adds {@code --name value}. */
    public JavaCommand argument(String name, Object value) {
        arguments.add("--" + name);
        arguments.add(String.valueOf(value));
        return this;
    }

    public List<String> build() {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** The java launcher of this JVM's installation. */
    public static Path javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java;
        }
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("Cannot find the java launcher: " + java
                        + " is not executable and the command of this process is unknown; set java.home to a JDK"));
    }
}
