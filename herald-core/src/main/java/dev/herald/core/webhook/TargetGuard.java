package dev.herald.core.webhook;

import dev.herald.core.error.ErrorCode;
import dev.herald.core.error.HeraldException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether Herald may POST to a webhook URL (server-side request forgery guard). Run at endpoint
 * creation and again before every attempt, since DNS answers change.
 *
 * <p>Every mode: the URL is absolute {@code http} or {@code https}, names a host, carries no user info, and
 * writes an IPv4 address, if it uses one, as four decimal numbers (shorthand like {@code 0x7f.1} or
 * {@code 2130706433} means 127.0.0.1 to some stacks and is refused rather than guessed at).
 * In production mode also: {@code https} only, and every address the host resolves to must be
 * {@link AddressClass#PUBLIC} — one private address among public ones is refused, since the sender could
 * pick it. Dev mode calls anything, so the quickstart can post to {@code http://localhost}.
 *
 * <p>Failures are {@link HeraldException}s with field {@code url}: {@link ErrorCode#INVALID_REQUEST},
 * {@link ErrorCode#UNRESOLVABLE_HOST} or {@link ErrorCode#FORBIDDEN_TARGET} (at send time: attempt errors
 * {@code dns} and {@code forbidden_target}). Details never echo resolved addresses, so the guard cannot be
 * used to map an internal network. Thread-safe if the resolver is.
 */
public final class TargetGuard {
    private static final String FIELD = "url";
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** WHATWG URL: a host whose last label is a number is parsed as an IPv4 address. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:.*\\.)?(?:0x[0-9a-f]*|[0-9]+)\\.?");

    private final boolean production;
    private final HostResolver resolver;

    private TargetGuard(boolean production, HostResolver resolver) {
        this.production = production;
        this.resolver = resolver;
    }

    public static TargetGuard production(HostResolver resolver) {
        return new TargetGuard(true, resolver);
    }

    public static TargetGuard dev(HostResolver resolver) {
        return new TargetGuard(false, resolver);
    }

    public boolean isProduction() {
        return production;
    }

    /** Syntax and scheme only; no DNS. */
    public URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("url is required");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (production && !scheme.equals("https")) {
            throw invalid("url must be https:// in production mode");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("url must be http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not carry user info (user:password@); put credentials elsewhere");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("url must name a host");
        }
        String bare = host.toLowerCase(Locale.ROOT);
        if (!bare.startsWith("[") && !DOTTED_QUAD.matcher(bare).matches() && NUMERIC_LAST_LABEL.matcher(bare).matches()) {
            throw invalid("url host looks like an IP address; write IPv4 addresses as four decimal numbers");
        }
        return uri;
    }

    /** Resolves the URL's host and, in production mode, refuses it unless every address is public. */
    public ResolvedTarget resolve(URI url) {
        String host = url.getHost();
        List<InetAddress> addresses = addressesOf(host);
        if (production) {
            for (InetAddress address : addresses) {
                AddressClass kind = AddressClassifier.classify(address);
                if (!kind.isPublic()) {
                    throw new HeraldException(ErrorCode.FORBIDDEN_TARGET, "url host " + host + " resolves to a "
                            + describe(kind) + " address; production mode calls only public addresses", FIELD);
                }
            }
        }
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return new ResolvedTarget(url, host, port, addresses);
    }

    /** {@link #checkUrl} then {@link #resolve}. */
    public ResolvedTarget check(String url) {
        return resolve(checkUrl(url));
    }

    private List<InetAddress> addressesOf(String host) {
        try {
            if (host.startsWith("[") || DOTTED_QUAD.matcher(host).matches()) {
                // A literal: getByName parses it without any lookup.
                return List.of(InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host));
            }
            List<InetAddress> found = resolver.resolve(host);
            if (found == null || found.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return found;
        } catch (UnknownHostException e) {
            throw new HeraldException(ErrorCode.UNRESOLVABLE_HOST, "url host " + host + " does not resolve", FIELD);
        }
    }

    private static String describe(AddressClass kind) {
        return switch (kind) {
            case LINK_LOCAL -> "link-local";
            case METADATA -> "cloud metadata";
            case SHARED -> "shared (carrier-grade NAT)";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    private static HeraldException invalid(String detail) {
        return new HeraldException(ErrorCode.INVALID_REQUEST, detail, FIELD);
    }
}
