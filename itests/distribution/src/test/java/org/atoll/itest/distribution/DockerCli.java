package org.atoll.itest.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The real Docker engine as the tests see it, through the docker CLI (argument lists only). A
 * missing engine fails the test with what to do about it.
 */
final class DockerCli {

    /** A container as {@code docker ps} reports it. */
    record Container(String name, String state, String startedAt) {
    }

    private DockerCli() {
    }

    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("docker " + String.join(" ", args) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    static void requireEngine() throws InterruptedException {
        try {
            run("info", "--format", "{{.ServerVersion}}");
        } catch (IOException | IllegalStateException e) {
            throw new AssertionError("no Docker engine answers; run .ci/prepare first (" + e.getMessage() + ")");
        }
    }

    /** Builds the example image with examples/web/build-image.sh unless it exists. */
    static void ensureImage(Path script, String image) throws IOException, InterruptedException {
        if (!run("images", "-q", image).isBlank()) {
            return;
        }
        Process p = new ProcessBuilder(script.toString(), image).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(script + " failed: " + out);
        }
    }

    /** The names of a deployment's containers in any state, from one list call. */
    static Set<String> names(String deployment) throws IOException, InterruptedException {
        Set<String> out = new TreeSet<>();
        for (String line : run("ps", "-a", "--filter", "label=atoll.deployment=" + deployment, "--format",
                "{{.Names}}").split("\\R")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** Every container of a deployment, by name, with its state and start time. */
    static Map<String, Container> containers(String deployment) throws IOException, InterruptedException {
        Map<String, Container> out = new LinkedHashMap<>();
        String ids = run("ps", "-aq", "--filter", "label=atoll.deployment=" + deployment).strip();
        if (ids.isEmpty()) {
            return out;
        }
        List<String> args = new ArrayList<>(List.of("inspect", "--format",
                "{{.Name}} {{.State.Status}} {{.State.StartedAt}}"));
        args.addAll(List.of(ids.split("\\s+")));
        for (String line : run(args.toArray(String[]::new)).split("\\R")) {
            String[] f = line.strip().split(" ");
            if (f.length == 3) {
                String name = f[0].startsWith("/") ? f[0].substring(1) : f[0];
                out.put(name, new Container(name, f[1], f[2]));
            }
        }
        return out;
    }

    static void removeDeployment(String deployment) throws IOException, InterruptedException {
        String ids = run("ps", "-aq", "--filter", "label=atoll.deployment=" + deployment).strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            run(args.toArray(String[]::new));
        }
    }
}
