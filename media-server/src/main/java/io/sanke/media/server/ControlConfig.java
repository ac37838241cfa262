package io.sanke.media.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * Settings of the HTTP control API of a standalone media node, read once from
 * {@code sanke.media.control} and validated; a bad value stops the start with the key named.
 * An empty secret means "generate one at start" ({@link MediaNodeMain}).
 */
public record ControlConfig(String bindAddress, int port, String secret, int maxBodyBytes) {
  /** Shortest secret accepted; a generated one is 43 characters (32 random bytes). */
  public static final int MIN_SECRET_LENGTH = 16;

  public ControlConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new ConfigException.BadValue("sanke.media.control.bind-address", "must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException.BadValue("sanke.media.control.port", "not a port [value:" + port + "]");
    }
    if (secret == null || (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH)) {
      throw new ConfigException.BadValue("sanke.media.control.secret", "must be empty (generate one) or at least "
          + MIN_SECRET_LENGTH + " characters");
    }
    if (maxBodyBytes <= 0) {
      throw new ConfigException.BadValue("sanke.media.control.max-body", "must be > 0");
    }
  }

  public static ControlConfig from(Config root) {
    Config c = root.getConfig("sanke.media.control");
    long maxBody = c.getBytes("max-body");
    if (maxBody > Integer.MAX_VALUE - 8) {
      throw new ConfigException.BadValue("sanke.media.control.max-body", "must be < 2 GiB");
    }
    return new ControlConfig(c.getString("bind-address"), c.getInt("port"), c.getString("secret"), (int) maxBody);
  }

  public ControlConfig withSecret(String newSecret) {
    return new ControlConfig(bindAddress, port, newSecret, maxBodyBytes);
  }

  /** Never shows the secret (configurations get logged). */
  @Override
  public String toString() {
    return "ControlConfig[bindAddress=" + bindAddress + ", port=" + port + ", secret=" + (secret.isEmpty() ? "" : "***")
        + ", maxBodyBytes=" + maxBodyBytes + "]";
  }
}
