package org.atoll.kernel.internal.routing;

/** Names of the secrets routing keeps: TLS keys with their certificates, and digest passwords. */
final class Secrets {

    private Secrets() {
    }

    static String tlsOfLoadBalancer(String lb) {
        return "tls-" + Labels.digest("lb/" + lb, 20);
    }

    static String tlsOfApp(String webserver, String url) {
        return "tls-" + Labels.digest("ws/" + webserver + "/" + url, 20);
    }

    static String domains(String deployment) {
        return "domains-" + Labels.digest(deployment, 20);
    }
}
