package dev.herald.server;

/** The version of this build, as stamped by Maven. */
public final class HeraldVersion {
    private HeraldVersion() {
    }

    public static String get() {
        return Herald.version();
    }
}
