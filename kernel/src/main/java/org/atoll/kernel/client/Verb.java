package org.atoll.kernel.client;

import java.util.Locale;

/** The remote client's commands: their arguments, whether they take -D, --wait and --if-match, and their help. */
enum Verb {

    CREATE_DEPLOYMENT("NAME [DESCRIPTION]", 1, 2, Scope.NONE, "create deployments",
            "Creates a deployment."),
    LIST("", 0, 0, Scope.OPTIONAL, "list deployments",
            "Lists the deployments (or only -D's), their services and their instances: state, id, version, node."),
    SET_SERVICE("NAME [IMAGE] [FIELDS]", 1, 3, Scope.REQUIRED, "change services",
            "Creates or changes a service of -D. FIELDS are JSON or YAML flow, e.g. '{env: {SDF: sdf}}' or\n"
                    + "'{\"count\": 2}'; a new service needs an image. With the image alone the service is named\n"
                    + "after it: set-service company/redis creates redis. Prints the new instances."),
    DEPLOY("FILE [DEPLOYMENT-FILE]", 1, 2, Scope.OPTIONAL, "deploy",
            "Deploys a Servicefile into -D, or a Flocker application config and deployment config pair (into\n"
                    + "-D, or 'default'). Prints one line per change, or No changes."),
    PLAN("FILE [DEPLOYMENT-FILE]", 1, 2, Scope.OPTIONAL, "plan deploys",
            "Shows what deploy would change, with the same arguments, and changes nothing."),
    REMOVE_DEPLOYMENT("", 0, 0, Scope.REQUIRED, "remove deployments",
            "Removes -D and stops its instances."),
    VERSIONS("SERVICE", 1, 1, Scope.REQUIRED, "read versions",
            "Lists the versions of a service of -D."),
    ROLLBACK("SERVICE VERSION", 2, 2, Scope.REQUIRED, "roll back services",
            "Makes an earlier version of a service of -D current again."),
    PS("", 0, 0, Scope.OPTIONAL, "list instances",
            "Lists the instances (of -D, or all): where they should run and what was last seen of them."),
    NODES("", 0, 0, Scope.NONE, "list nodes",
            "Lists the nodes of the cluster."),
    PLUGINS("", 0, 0, Scope.NONE, "list plugins",
            "Lists the plugins with their state and capabilities."),
    GET("PATH", 1, 1, Scope.NONE, "read that",
            "GETs any API path below the URL and prints the JSON, e.g. get /deployments/foo (its revision is\n"
                    + "what --if-match takes)."),
    HELP("[COMMAND]", 0, 1, Scope.NONE, "",
            "Prints the usage, or one command's.");

    /** Whether a command takes -D. */
    enum Scope {
        NONE, OPTIONAL, REQUIRED
    }

    final String word;
    final String synopsis;
    final int min;
    final int max;
    final Scope scope;
    /** What a user without the right may not do: "viewer may not {@code denied}". */
    final String denied;
    final String description;

    Verb(String synopsis, int min, int max, Scope scope, String denied, String description) {
        this.word = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.synopsis = synopsis;
        this.min = min;
        this.max = max;
        this.scope = scope;
        this.denied = denied;
        this.description = description;
    }

    static Verb named(String word) {
        for (Verb v : values()) {
            if (v.word.equals(word)) {
                return v;
            }
        }
        return null;
    }

    boolean waits() {
        return this == SET_SERVICE || this == DEPLOY || this == ROLLBACK;
    }

    boolean conditional() {
        return waits() || this == REMOVE_DEPLOYMENT;
    }

    String line() {
        String d = switch (scope) {
            case NONE -> "";
            case OPTIONAL -> "[-D DEPLOYMENT] ";
            case REQUIRED -> "-D DEPLOYMENT ";
        };
        return (d + word + " " + synopsis).strip();
    }

    String help() {
        StringBuilder out = new StringBuilder("Usage: atoll-remote [--url URL] [-u USER] [-v] ").append(line());
        if (waits()) {
            out.append("\n         [--wait SECONDS] [--if-match REVISION]");
        } else if (conditional()) {
            out.append("\n         [--if-match REVISION]");
        }
        return out.append("\n\n").append(description).append("\n").toString();
    }

    static String usage() {
        StringBuilder out = new StringBuilder("Usage: atoll-remote [OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
        for (Verb v : values()) {
            out.append("  ").append(v.line()).append('\n');
        }
        return out.append("""

                Options (before or after the command):
                  --url URL            the API; default ATOLL_URL, else %s
                  -u, --user USER      the user; default ATOLL_USER, else admin
                  -D, --deployment D   the deployment
                  --wait SECONDS       set-service, deploy, rollback: wait at most this long for the
                                       instances to run (0: do not wait; the server's default is 60)
                  --if-match REVISION  set-service, deploy, rollback, remove-deployment: only if the
                                       deployment is still at that revision (see get /deployments/D)
                  -v, --verbose        print every request's method, URL and status on stderr
                  -h, --help           this text; 'help COMMAND' for one command

                The password is read from ATOLL_PASSWORD or, when that is unset, asked for in the terminal;
                it is never taken from an argument. For https with a private CA, set ATOLL_CA_FILE to the
                CA's certificate (PEM); it then replaces the system's trusted CAs.
                Exit status: 0 done, 1 failed (the reason on stderr), 2 bad usage.
                """.formatted(RemoteCli.DEFAULT_URL)).toString();
    }
}
