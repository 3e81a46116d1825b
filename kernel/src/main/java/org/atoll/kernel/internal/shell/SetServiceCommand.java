package org.atoll.kernel.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.deploy.DeployOutcome;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.SpecPatch;
import org.atoll.kernel.internal.validate.ValidationException;

@Service
@Command(scope = "atoll", name = "set-service",
        description = "Creates or changes one service; a change other than --count makes a new version")
public class SetServiceCommand extends WaitingCommand {

    @Reference
    DeployService deploys;

    @Option(name = "-D", aliases = "--deployment", required = true, description = "The deployment")
    @Completion(DeploymentNameCompleter.class)
    String deployment;

    @Argument(index = 0, name = "service", required = true, description = "The service's name")
    String service;

    @Argument(index = 1, name = "image", description = "The image to run (required for a new service)")
    String image;

    @Option(name = "-e", aliases = "--env", multiValued = true, description = "An environment variable, KEY=VALUE")
    List<String> env;

    @Option(name = "-j", aliases = "--json", description = "Fields to change, as JSON or YAML: '{env: {SDF: sdf}}'")
    String json;

    @Option(name = "-c", aliases = "--count", description = "How many instances to run")
    Integer count;

    @Override
    public Object execute() {
        ServiceSpec current = deploys.spec(deployment, service).orElse(null);
        if (current == null && image == null && (json == null || !json.contains("image"))) {
            throw new ValidationException("image", "service " + service + " does not exist yet; give the image to run");
        }
        ServiceSpec base = current != null ? current : ServiceSpec.of(image, 1);
        ServiceSpec spec = SpecPatch.apply(base, image, env, json);
        if (count != null) {
            spec = spec.withCount(count);
        }
        DeployOutcome outcome = deploys.setService(deployment, service, spec, waitTime());
        System.out.println(outcome.render());
        outcome.proposal().instances().forEach(i -> System.out.println("New instance id " + i.id()));
        return null;
    }
}
