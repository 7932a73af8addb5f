package dev.herald.server.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"herald " + dev.herald.server.HeraldVersion.get()};
    }
}
