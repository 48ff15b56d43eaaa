package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rtcd status}: version, uptime, load, sessions, calls and cospaces of a running server (admin). */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a running server's version, uptime, load, sessions, calls and cospaces (admin).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Mixin
    Output out;

    @Override
    public Integer call() {
        JsonNode s = server.adminClient().call("GET", "/admin/status", null, 200);
        JsonNode rt = s.path("realtime");
        List<String> candidates = new ArrayList<>();
        s.path("media")
                .path("candidates")
                .forEach(c -> candidates.add(c.path("transport").asText() + " "
                        + c.path("address").asText() + ":" + c.path("port").asInt()));
        int tcp = s.path("media").path("tcpPort").asInt(-1);
        String human = "version     " + s.path("version").asText() + " ("
                + s.path("buildHash").asText() + ")"
                + "\nuptime      " + uptime(s.path("uptimeSeconds").asLong()) + " (since "
                + s.path("startedAt").asText() + ")"
                + "\ncpu load    "
                + String.format(java.util.Locale.ROOT, "%.2f", s.path("cpuLoad").asDouble())
                + (s.path("draining").asBoolean() ? "\nstate       draining (shutting down)" : "")
                + "\nsessions    " + s.path("sessions").asInt()
                + "\ncalls       " + s.path("calls").asInt() + " (backends, /ws)"
                + "\ncospaces    " + rt.path("cospaces").asInt() + "/"
                + rt.path("maxCospaces").asInt() + ", "
                + rt.path("participants").asInt() + " participant(s)"
                + "\nmedia       UDP " + s.path("media").path("udpPort").asInt() + ", TCP "
                + (tcp < 0 ? "off" : Integer.toString(tcp))
                + "\ncandidates  " + (candidates.isEmpty() ? "(none)" : String.join(", ", candidates));
        out.print(s, human);
        return 0;
    }

    static String uptime(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long sec = seconds % 60;
        return (d > 0 ? d + "d " : "") + (d > 0 || h > 0 ? h + "h " : "") + (d > 0 || h > 0 || m > 0 ? m + "m " : "")
                + sec + "s";
    }
}
