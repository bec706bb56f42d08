package shopsync.app.config;

import java.net.InetSocketAddress;

/**
 * The ops port: where it listens and the token its web console asks for before it acts.
 *
 * @param token null when none is configured: the console then only shows
 */
public record OpsSettings(String bindAddress, int port, String token) {

    public InetSocketAddress address() {
        return new InetSocketAddress(bindAddress, port);
    }

    /** Where a tool on this machine reaches the port: the bind address, or loopback when it listens on every interface. */
    public String hostForTools() {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }

    @Override
    public String toString() {
        return "OpsSettings[bindAddress=" + bindAddress + ", port=" + port + ", token=" + (token == null ? "none" : "****") + "]";
    }
}
