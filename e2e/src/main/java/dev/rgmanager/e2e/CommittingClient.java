package dev.rgmanager.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A database client as an application would be one: it commits numbered rows through the service's
 * floating address, one transaction each, and remembers every commit the server acknowledged, with
 * the time and the address of the server that took it. A statement that fails is neither
 * acknowledged nor retried (its row may or may not exist); the client reconnects and goes on with
 * the next number.
 */
public final class CommittingClient implements AutoCloseable {
  private static final Duration PACE = Duration.ofMillis(50);
  private final String url;
  private final Properties props = new Properties();
  private final List<Commit> acknowledged = new CopyOnWriteArrayList<>();
  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private Connection connection;

  /** A commit the server acknowledged: its number, when, and the server's address. */
  public record Commit(long n, Instant at, String server) {}

  /** A statement that failed: its number (in doubt), when, and why. */
  public record Failure(long n, Instant at, String why) {}

  /** Starts committing to PostgreSQL at {@code host}:5432 as user postgres, database postgres. */
  public CommittingClient(String host) {
    this.url = "jdbc:postgresql://" + host + ":5432/postgres";
    props.setProperty("user", "postgres");
    props.setProperty("connectTimeout", "1");
    props.setProperty("socketTimeout", "2");
    props.setProperty("loginTimeout", "2");
    props.setProperty("ApplicationName", "rgmanager-e2e");
    thread = new Thread(this::run, "committing-client");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long n = 0;
    while (running) {
      n++;
      try {
        if (connection == null) {
          connection = DriverManager.getConnection(url, props);
          try (Statement s = connection.createStatement()) {
            s.execute(
                "create table if not exists commits (n bigint primary key,"
                    + " at timestamptz not null default clock_timestamp())");
          }
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "insert into commits (n) values (?) returning host(inet_server_addr())")) {
          insert.setLong(1, n);
          try (ResultSet r = insert.executeQuery()) {
            r.next();
            acknowledged.add(new Commit(n, Instant.now(), r.getString(1)));
          }
        }
      } catch (SQLException e) {
        failures.add(new Failure(n, Instant.now(), e.getMessage()));
        closeConnection();
      }
      pause(PACE);
    }
    closeConnection();
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // the server is gone: nothing to close
      }
      connection = null;
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every acknowledged commit so far, oldest first. */
  public List<Commit> acknowledged() {
    return List.copyOf(acknowledged);
  }

  /** Every failed statement so far. */
  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** The first commit acknowledged after {@code t}, if any yet. */
  public java.util.Optional<Commit> firstAfter(Instant t) {
    return acknowledged.stream().filter(c -> c.at().isAfter(t)).findFirst();
  }

  /** The numbers of the rows the database at {@code host} holds now (a connection of its own). */
  public static Set<Long> rowsAt(String host) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("connectTimeout", "2");
    p.setProperty("socketTimeout", "10");
    Set<Long> rows = new HashSet<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://" + host + ":5432/postgres", p);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select n from commits")) {
      while (r.next()) {
        rows.add(r.getLong(1));
      }
    }
    return rows;
  }

  /** Stops committing (the statement in flight finishes or times out). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
