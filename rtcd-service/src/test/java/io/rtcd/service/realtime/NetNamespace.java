package io.rtcd.service.realtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-loopback address of the test's own: a network namespace and a veth pair between it and the root namespace,
 * {@code 10.A.B.1/30} on the root end and {@code 10.A.B.2/30} in the namespace, both up. A server bound to
 * {@link #hostAddress()} advertises a host candidate that every local browser can reach (the kernel delivers it
 * locally) without any loopback special case: Firefox sends no connectivity check at all to a server whose only
 * candidate is {@code 127.0.0.1}. Nothing leaves the machine: the /30 is routed only to the veth pair.
 *
 * <p>Needs root (or CAP_NET_ADMIN) and {@code ip} (iproute2); without them {@link #create()} skips the calling test
 * with the reason. Names carry this JVM's pid and a random part, so parallel runs do not collide; {@link #close()}
 * deletes the namespace and the pair, and {@link #create()} first deletes the namespaces of runs whose JVM is gone
 * (a killed run cannot clean up after itself).
 */
final class NetNamespace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetNamespace.class);
    private static final String PREFIX = "rtcd-it-";
    private static final Pattern OWN = Pattern.compile("^" + PREFIX + "(\\d+)-[0-9a-f]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String rootLink;
    private final String hostAddress;
    private final String peerAddress;

    private NetNamespace(String name, String rootLink, String hostAddress, String peerAddress) {
        this.name = name;
        this.rootLink = rootLink;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
    }

    /** Creates the namespace and the pair; skips the calling test when {@code ip netns} is not permitted here. */
    static NetNamespace create() throws IOException, InterruptedException {
        Result probe = ip("netns", "list");
        assumeTrue(
                probe.ok(),
                "Firefox interop needs a network namespace ('ip netns', root or CAP_NET_ADMIN): " + probe.output());
        removeStale(probe.output());
        String tag = Long.toHexString(RANDOM.nextLong() & 0xffffffL);
        String name = PREFIX + ProcessHandle.current().pid() + "-" + tag;
        String rootLink = "rtv" + tag + "a";
        String nsLink = "rtv" + tag + "b";
        String used = ip("-o", "-4", "addr", "show").output();
        int a;
        int b;
        do {
            a = 200 + RANDOM.nextInt(55);
            b = RANDOM.nextInt(64) * 4;
        } while (used.contains("inet 10." + a + "." + b + "."));
        String host = "10." + a + "." + b + ".1";
        String peer = "10." + a + "." + b + ".2";
        Result add = ip("netns", "add", name);
        assumeTrue(add.ok(), "cannot create a network namespace ('ip netns add' not permitted here): " + add.output());
        NetNamespace ns = new NetNamespace(name, rootLink, host, peer);
        try {
            ns.must("link", "add", rootLink, "type", "veth", "peer", "name", nsLink);
            ns.must("link", "set", nsLink, "netns", name);
            ns.must("addr", "add", host + "/30", "dev", rootLink);
            ns.must("link", "set", rootLink, "up");
            ns.must("-n", name, "addr", "add", peer + "/30", "dev", nsLink);
            ns.must("-n", name, "link", "set", nsLink, "up");
            ns.must("-n", name, "link", "set", "lo", "up");
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
        LOG.info("network namespace {}: {} ({}) <-> {} ({})", name, host, rootLink, peer, nsLink);
        return ns;
    }

    /** The root end's address: bind the server's media here. */
    String hostAddress() {
        return hostAddress;
    }

    @Override
    public String toString() {
        return name + " (" + hostAddress + " <-> " + peerAddress + ")";
    }

    private void must(String... args) throws IOException, InterruptedException {
        Result r = ip(args);
        if (!r.ok()) {
            throw new IllegalStateException("ip " + String.join(" ", args) + " failed: " + r.output());
        }
    }

    /** Deletes the pair (deleting one end deletes both) and the namespace; errors are logged, never thrown. */
    @Override
    public void close() {
        try {
            ip("link", "del", rootLink);
            Result r = ip("netns", "del", name);
            if (!r.ok()) {
                LOG.warn("could not delete network namespace {}: {}", name, r.output());
            }
        } catch (IOException e) {
            LOG.warn("could not delete network namespace {}: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeStale(String list) throws IOException, InterruptedException {
        for (String line : list.split("\n")) {
            Matcher m = OWN.matcher(line.trim());
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                String stale = m.group();
                LOG.info("deleting network namespace {} left by a run that is gone", stale);
                ip("netns", "del", stale);
            }
        }
    }

    private record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private static Result ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, "cannot run ip: " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "ip " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }
}
