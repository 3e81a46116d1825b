package org.atoll.plugin.docker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.InstanceSpec;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;

/**
 * The container operations, by Atoll instance id = container name. A container with that name but
 * without this backend's labels belongs to someone else: it is refused and never touched.
 */
final class Containers {

    private final Clients clients;
    private final Settings settings;
    private final Failures failures;
    private final Images images;
    /** The last inspection of each listed container, by container id, with the list entry it was made for. */
    private final Map<String, Inspected> inspected = new ConcurrentHashMap<>();

    /** How long ago or for how long, in a list entry's status ("Up 5 seconds", "Exited (0) 3 minutes ago"). */
    private static final Pattern AGE = Pattern.compile(
            "\\s*(\\d+|an?|About an?|Less than an?)\\s+(second|minute|hour|day|week|month|year)s?(\\s+ago)?",
            Pattern.CASE_INSENSITIVE);

    private record Inspected(String instanceId, String key, BackendInstance instance) {
    }

    /**
     * Forgets the inspection of an instance an engine event is about. The engine's list lags its
     * events by a little: a list made right after a container died may still show it running, and
     * must not be answered from the inspection of when it was.
     */
    void forget(String instanceId) {
        inspected.values().removeIf(i -> i.instanceId().equals(instanceId));
    }

    Containers(Clients clients, Settings settings, Failures failures, Images images) {
        this.clients = clients;
        this.settings = settings;
        this.failures = failures;
        this.images = images;
    }

    BackendInstance create(InstanceSpec spec) {
        ContainerSpecs.validate(spec);
        Optional<InspectContainerResponse> existing = find(spec.id());
        if (existing.isPresent()) {
            return Instances.of(owned(existing.get(), spec.id()), settings.network());
        }
        String what = "create instance \"" + spec.id() + "\" from image \"" + spec.image() + "\"";
        if (!tryCreate(what, spec)) {
            images.ensure(spec.image());
            if (!tryCreate(what, spec)) {
                throw new ProviderException(what + " failed: the engine has no such image even after ensuring it",
                        true);
            }
        }
        InspectContainerResponse c = find(spec.id()).orElseThrow(() -> new ProviderException(
                what + " failed: the container vanished right after it was created", true));
        return Instances.of(owned(c, spec.id()), settings.network());
    }

    /** False when the image is missing; a name taken concurrently counts as created and is checked after. */
    private boolean tryCreate(String what, InstanceSpec spec) {
        return failures.call(what, () -> {
            try {
                ContainerSpecs.command(clients.ops(), spec, settings).exec();
            } catch (ConflictException e) {
                // the name was taken between our look and our create: the caller checks whose it is
            } catch (NotFoundException e) {
                if (Failures.reason(e).toLowerCase(Locale.ROOT).contains("no such image")) {
                    return false;
                }
                throw e; // a missing network, say
            }
            return true;
        });
    }

    void start(String id) {
        InspectContainerResponse c = owned(find(id).orElseThrow(() -> absent("start", id)), id);
        failures.run("start instance \"" + id + "\"", () -> {
            try {
                clients.ops().startContainerCmd(c.getId()).exec();
            } catch (NotModifiedException e) {
                // running already
            }
        });
    }

    void stop(String id, Duration grace) {
        Optional<InspectContainerResponse> found = find(id);
        if (found.isEmpty()) {
            return;
        }
        InspectContainerResponse c = owned(found.get(), id);
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(0, (grace.toMillis() + 999) / 1000));
        failures.run("stop instance \"" + id + "\"", () -> {
            try {
                clients.within(Duration.ofSeconds(seconds)).stopContainerCmd(c.getId()).withTimeout(seconds).exec();
            } catch (NotModifiedException | NotFoundException e) {
                // stopped or gone already
            }
        });
    }

    void remove(String id) {
        Optional<InspectContainerResponse> found = find(id);
        if (found.isEmpty()) {
            return;
        }
        InspectContainerResponse c = owned(found.get(), id);
        if (Instances.state(c.getState() == null ? null : c.getState().getStatus()).running()) {
            stop(id, settings.stopGrace());
        }
        failures.run("remove instance \"" + id + "\"", () -> {
            try {
                clients.ops().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone already
            } catch (ConflictException e) {
                if (!Failures.reason(e).contains("already in progress")) {
                    throw e;
                }
            }
        });
    }

    /** The instance if this backend owns it; a foreign container with that name is not an instance. */
    Optional<BackendInstance> inspect(String id) {
        return find(id).filter(c -> Instances.owns(c, id)).map(c -> Instances.of(c, settings.network()));
    }

    /**
     * Every instance this backend owns. A container is inspected only when the list shows it changed
     * since its last inspection (another state, status, address or ports): a list of N instances costs
     * one engine call, not N + 1, when nothing changed. An engine event about an instance drops its
     * inspection ({@link #forget}). What a restart leaves equal (its start time) may be that old; the
     * kernel does not read it from lists.
     */
    List<BackendInstance> list() {
        List<Container> containers = failures.call("list instances", () -> clients.ops().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "true"))
                .exec());
        List<BackendInstance> instances = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Container summary : containers) {
            String id = summary.getLabels() == null ? null : summary.getLabels().get(Labels.ID);
            if (id == null || id.isBlank()) {
                continue;
            }
            listed.add(summary.getId());
            String key = listKey(summary);
            Inspected known = inspected.get(summary.getId());
            if (known != null && known.key().equals(key)) {
                instances.add(known.instance());
                continue;
            }
            byId(summary.getId()).filter(c -> Instances.owns(c, id)).ifPresent(c -> {
                BackendInstance instance = Instances.of(c, settings.network());
                // Only an inspection that agrees with the list entry stands for it: one that found the
                // container changed since the list would otherwise be kept under the old entry's key.
                if (c.getState() != null && Objects.equals(c.getState().getStatus(), summary.getState())) {
                    inspected.put(summary.getId(), new Inspected(id, key, instance));
                } else {
                    inspected.remove(summary.getId());
                }
                instances.add(instance);
            });
        }
        inspected.keySet().retainAll(listed);
        return instances;
    }

    /** What an inspection of a container depends on, as far as its list entry shows it. */
    static String listKey(Container summary) {
        StringBuilder key = new StringBuilder().append(summary.getState()).append('|')
                .append(summary.getStatus() == null ? "" : AGE.matcher(summary.getStatus()).replaceAll(""))
                .append('|');
        if (summary.getNetworkSettings() != null && summary.getNetworkSettings().getNetworks() != null) {
            new TreeMap<>(summary.getNetworkSettings().getNetworks()).forEach((name, n) ->
                    key.append(name).append('=').append(n == null ? "" : n.getIpAddress()).append(','));
        }
        key.append('|');
        if (summary.getPorts() != null) {
            List<String> ports = new ArrayList<>();
            for (ContainerPort p : summary.getPorts()) {
                ports.add(p.getIp() + ":" + p.getPublicPort() + "->" + p.getPrivatePort() + "/" + p.getType());
            }
            Collections.sort(ports);
            key.append(String.join(",", ports));
        }
        return key.toString();
    }

    /**
     * The container named exactly {@code id}. The engine also resolves ids and id prefixes on this
     * path, so a container found under another name is not the one asked for.
     */
    private Optional<InspectContainerResponse> find(String id) {
        return byId(id).filter(c -> ("/" + id).equals(c.getName()));
    }

    private Optional<InspectContainerResponse> byId(String ref) {
        return failures.call("inspect instance \"" + ref + "\"", () -> {
            try {
                return Optional.of(clients.ops().inspectContainerCmd(ref).exec());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    private static InspectContainerResponse owned(InspectContainerResponse c, String id) {
        if (!Instances.owns(c, id)) {
            throw new ProviderException("a container named \"" + id + "\" exists that Atoll does not manage (no "
                    + Labels.MANAGED + "/" + Labels.ID + " labels); Atoll will not touch it: remove or rename it", false);
        }
        return c;
    }

    private static ProviderException absent(String verb, String id) {
        return new ProviderException("cannot " + verb + " instance \"" + id + "\": it does not exist", false);
    }
}
