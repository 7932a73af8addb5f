package dev.herald.server.config;

import java.util.regex.Pattern;

/** Connection URLs as they may be logged: any password (userinfo or {@code password=} parameter) masked. */
public final class Redacted {
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^:/@]*:)[^@/]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");

    private Redacted() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String s = USERINFO_PASSWORD.matcher(url).replaceAll("$1***@");
        return PASSWORD_PARAM.matcher(s).replaceAll("$1***");
    }
}
