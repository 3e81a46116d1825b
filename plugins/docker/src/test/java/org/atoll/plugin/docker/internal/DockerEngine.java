package org.atoll.plugin.docker.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/**
 * The real Docker engine the tests run against. A missing engine fails the tests: it never skips them.
 * Builds the busybox test image once, and after each test removes every container labelled
 * {@value #TEST_LABEL}{@code =true}, whoever created it.
 */
public final class DockerEngine implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    public static final String HOST = System.getProperty("atoll.docker.host", Settings.DEFAULT_HOST);
    public static final String WEB_IMAGE = "atoll-test/web:1";
    public static final String TEST_LABEL = "atoll.test";

    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private DockerClient client;

    public DockerClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST)
                .withDockerTlsVerify(false).build();
        client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(java.time.Duration.ofSeconds(60)).build());
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("No Docker engine answers at " + HOST + " (" + Failures.rootMessage(e) + ")."
                    + " These tests need a real engine: run .ci/prepare (it installs docker.io and busybox-static"
                    + " and starts dockerd), then run the tests again.");
        }
        ensureWebImage();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Container> leftovers = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TEST_LABEL, "true")).exec();
        for (Container c : leftovers) {
            try {
                client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone meanwhile
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (client != null) {
            client.close();
        }
    }

    /** A busybox root file system served by httpd from /www on port 80, imported without a registry. */
    private void ensureWebImage() throws IOException, InterruptedException {
        try {
            client.inspectImageCmd(WEB_IMAGE).exec();
            return;
        } catch (NotFoundException e) {
            // build it below
        }
        if (!Files.isRegularFile(BUSYBOX)) {
            fail(BUSYBOX + " is missing: run .ci/prepare (it installs busybox-static)");
        }
        byte[] rootfs = rootfs();
        Process docker = new ProcessBuilder("docker", "-H", HOST, "import",
                "-c", "CMD [\"/bin/httpd\",\"-f\",\"-p\",\"80\",\"-h\",\"/www\"]", "-", WEB_IMAGE)
                .redirectErrorStream(true).start();
        try (OutputStream in = docker.getOutputStream()) {
            in.write(rootfs);
        }
        String output = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!docker.waitFor(60, TimeUnit.SECONDS) || docker.exitValue() != 0) {
            docker.destroyForcibly();
            fail("docker import of " + WEB_IMAGE + " failed: " + output);
        }
    }

    private static byte[] rootfs() throws IOException, InterruptedException {
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list-full").start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!list.waitFor(10, TimeUnit.SECONDS) || list.exitValue() != 0) {
            fail(BUSYBOX + " --list-full failed");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin/", "sbin/", "usr/", "usr/bin/", "usr/sbin/", "www/", "tmp/", "etc/")) {
                TarArchiveEntry e = new TarArchiveEntry(dir);
                e.setMode(dir.equals("tmp/") ? 01777 : 0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            file(tar, "bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
            file(tar, "www/index.html", "atoll test page\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "etc/passwd", "root:x:0:0:root:/:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644);
            // every applet where busybox --list-full puts it, and in /bin too (the image's CMD is /bin/httpd)
            Set<String> links = new TreeSet<>();
            for (String applet : applets.split("\n")) {
                String path = applet.trim();
                if (!path.isEmpty()) {
                    links.add(path);
                    links.add("bin/" + path.substring(path.lastIndexOf('/') + 1));
                }
            }
            links.remove("bin/busybox");
            for (String path : links) {
                // relative: one ../ per directory between the applet and the root, then bin/busybox
                String up = "../".repeat((int) path.chars().filter(c -> c == '/').count());
                TarArchiveEntry link = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName(up + "bin/busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
