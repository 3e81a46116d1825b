package org.atoll.kernel.internal.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.atoll.kernel.internal.deploy.Declared;
import org.atoll.kernel.internal.input.DeclaredServices;
import org.atoll.kernel.internal.input.FlockerParser;
import org.atoll.kernel.internal.input.ServicefileParser;
import org.atoll.kernel.internal.validate.ValidationException;

/** Reads the files of {@code deploy} and {@code plan}: one Servicefile, or a Flocker application + deployment pair. */
final class DeclaredFiles {

    /** The deployment the Flocker pair goes to when no -D is given. */
    static final String FLOCKER_DEFAULT = "default";

    final String deployment;
    final DeclaredServices parsed;
    final Declared declared;

    private DeclaredFiles(String deployment, DeclaredServices parsed) {
        this.deployment = deployment;
        this.parsed = parsed;
        this.declared = new Declared(parsed.env(), parsed.services(), true);
    }

    static DeclaredFiles read(String deployment, List<String> files) {
        if (files == null || files.isEmpty() || files.size() > 2) {
            throw new ValidationException("files", "give one Servicefile, or an application config and a deployment"
                    + " config");
        }
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new ValidationException("files", f + " is not a readable file");
            }
        }
        if (files.size() == 1) {
            if (deployment == null) {
                throw new ValidationException("deployment", "required with a Servicefile: -D NAME");
            }
            return new DeclaredFiles(deployment, ServicefileParser.parse(Path.of(files.get(0))));
        }
        return new DeclaredFiles(deployment == null ? FLOCKER_DEFAULT : deployment,
                FlockerParser.parse(Path.of(files.get(0)), Path.of(files.get(1))));
    }

    /** Re-words a validation error with the file, line and column of each field. */
    RuntimeException located(ValidationException e) {
        return parsed.locate(e);
    }
}
