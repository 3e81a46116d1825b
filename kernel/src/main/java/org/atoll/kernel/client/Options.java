package org.atoll.kernel.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.atoll.kernel.client.RemoteCli.UsageException;

/** The parsed command line. Options may come before or after the command; "--" ends them. */
final class Options {

    static final int MAX_WAIT = 3600;

    private static final Set<String> VALUED = Set.of("--url", "-u", "--user", "-D", "--deployment", "--if-match",
            "--wait");

    String url;
    String user;
    String deployment;
    Integer wait;
    String ifMatch;
    boolean verbose;
    Verb verb;
    final List<String> args = new ArrayList<>();

    private Options() {
    }

    static Options parse(List<String> argv) throws UsageException {
        Options o = new Options();
        List<String> words = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                words.addAll(argv.subList(i + 1, argv.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            String value = eq > 0 ? arg.substring(eq + 1) : null;
            if (name.equals("--password") || name.startsWith("-p")) {
                throw new UsageException(null, "a password is never taken from an argument (other users can see"
                        + " those); set ATOLL_PASSWORD or let atoll-remote ask for it");
            }
            if (VALUED.contains(name) && value == null) {
                if (++i >= argv.size()) {
                    throw new UsageException(null, name + " needs a value");
                }
                value = argv.get(i);
            } else if (!VALUED.contains(name) && value != null) {
                throw new UsageException(null, name + " takes no value");
            }
            switch (name) {
                case "-h", "--help" -> help = true;
                case "-v", "--verbose" -> o.verbose = true;
                case "--url" -> o.url = once(o.url, name, value);
                case "-u", "--user" -> o.user = once(o.user, name, value);
                case "-D", "--deployment" -> o.deployment = once(o.deployment, name, value);
                case "--if-match" -> o.ifMatch = once(o.ifMatch, name, revision(value));
                case "--wait" -> o.wait = once(o.wait, name, seconds(value));
                default -> throw new UsageException(null, "unknown option " + name);
            }
        }
        if (help) {
            o.verb = Verb.HELP;
            if (!words.isEmpty() && Verb.named(words.get(0)) != null && Verb.named(words.get(0)) != Verb.HELP) {
                o.args.add(words.get(0));
            }
            return o;
        }
        if (words.isEmpty()) {
            throw new UsageException(null, "no command given");
        }
        o.verb = Verb.named(words.get(0));
        if (o.verb == null) {
            throw new UsageException(null, "unknown command '" + words.get(0) + "'");
        }
        o.args.addAll(words.subList(1, words.size()));
        o.check();
        return o;
    }

    private void check() throws UsageException {
        if (args.size() < verb.min || args.size() > verb.max) {
            throw new UsageException(verb, verb.word + ": expected " + (verb.synopsis.isEmpty() ? "no arguments"
                    : verb.synopsis) + ", got " + args.size() + (args.size() == 1 ? " argument" : " arguments"));
        }
        if (verb == Verb.HELP && !args.isEmpty() && Verb.named(args.get(0)) == null) {
            throw new UsageException(null, "help: unknown command '" + args.get(0) + "'");
        }
        if (deployment != null && verb.scope == Verb.Scope.NONE) {
            throw new UsageException(verb, verb.word + " does not take -D");
        }
        if (deployment == null && verb.scope == Verb.Scope.REQUIRED) {
            throw new UsageException(verb, verb.word + " needs the deployment: -D DEPLOYMENT");
        }
        if (deployment == null && (verb == Verb.DEPLOY || verb == Verb.PLAN) && args.size() == 1) {
            throw new UsageException(verb, verb.word + " of a Servicefile needs the deployment: -D DEPLOYMENT (only"
                    + " a Flocker pair of two files defaults to 'default')");
        }
        if (verb == Verb.ROLLBACK && !args.get(1).matches("[1-9][0-9]{0,8}")) {
            throw new UsageException(verb, "rollback: VERSION '" + args.get(1) + "' is not a version number (1, 2, ...;"
                    + " see versions SERVICE)");
        }
        if (wait != null && !verb.waits()) {
            throw new UsageException(verb, "--wait applies to set-service, deploy and rollback, not " + verb.word);
        }
        if (ifMatch != null && !verb.conditional()) {
            throw new UsageException(verb, "--if-match applies to set-service, deploy, rollback and"
                    + " remove-deployment, not " + verb.word);
        }
    }

    private static <T> T once(T previous, String name, T value) throws UsageException {
        if (previous != null) {
            throw new UsageException(null, name + " is given twice");
        }
        return value;
    }

    private static Integer seconds(String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_WAIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(null, "--wait: '" + value + "' is not a number of seconds from 0 to " + MAX_WAIT);
    }

    /** The ETag to send: a revision as printed by get (42), or the quoted ETag itself ("42"). */
    private static String revision(String value) throws UsageException {
        String bare = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        if (bare.isEmpty() || !bare.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"')) {
            throw new UsageException(null, "--if-match: '" + value + "' is not a revision (e.g. 42, from the"
                    + " revision field of get /deployments/D)");
        }
        return "\"" + bare + "\"";
    }
}
