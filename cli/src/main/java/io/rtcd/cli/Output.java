package io.rtcd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Human output by default, one JSON document with {@code --json} (for scripts). */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    void print(Object jsonValue, String human) {
        if (json) {
            try {
                spec.commandLine().getOut().println(JSON.writeValueAsString(jsonValue));
            } catch (JsonProcessingException e) {
                throw new CliException("cannot encode output: " + e.getOriginalMessage());
            }
        } else {
            spec.commandLine().getOut().println(human);
        }
        spec.commandLine().getOut().flush();
    }
}
