package org.atoll.plugin.etcd.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Registry;
import org.atoll.spi.discovery.Registration;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;

/** Providers, registrations and raw reads for the tests. */
final class Fixtures {

    private Fixtures() {
    }

    static String uniquePrefix() {
        return "/test" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    static Settings settings(String prefix, int ttlSeconds) {
        return Settings.of(prefix, ttlSeconds, 5, 1, 1, Settings.DEFAULT_IMAGE, 2379, 2380);
    }

    static EtcdDiscovery provider(Settings settings, List<EtcdServers.Member> members) {
        EtcdDiscovery p = new EtcdDiscovery("0.0.0.test", settings);
        p.connect(members.stream().map(m -> new Registry(m.name(), "etcd", null, null, m.clientUrl())).toList());
        return p;
    }

    static Registration registration(String id, String name, int hostPort, List<CheckSpec> checks) {
        return new Registration(id, name, "prod", "node-1", "127.0.0.1", hostPort, 80, "tcp", "example/web:1",
                List.of("a", "b"), checks);
    }

    static Client raw(EtcdServers.Member m) {
        return Client.builder().endpoints(m.clientUrl()).build();
    }

    static Optional<KeyValue> get(Client raw, String key) {
        try {
            List<KeyValue> kvs = raw.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
            return kvs.stream().findFirst();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> keys(Client raw, String prefix) {
        try {
            return raw.getKVClient().get(bytes(prefix + "/"), GetOption.builder().isPrefix(true).build())
                    .get(5, TimeUnit.SECONDS).getKvs().stream()
                    .map(kv -> kv.getKey().toString(StandardCharsets.UTF_8)).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
