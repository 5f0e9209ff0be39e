package dev.replykb.bench;

import dev.replykb.catalog.Catalog;
import dev.replykb.catalog.Template;
import dev.replykb.catalog.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alternatives help-desk tools use, over the same corpus: SQLite FTS5 with its trigram
 * tokenizer (which also finds Chinese and Japanese text) ranked by bm25, and a plain {@code LIKE
 * '%q%'} scan.
 */
final class Sqlite implements AutoCloseable {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]{3,}");

  private final Connection db;
  private final PreparedStatement fts;
  private final PreparedStatement like;

  private Sqlite(Connection db) throws SQLException {
    this.db = db;
    this.fts =
        db.prepareStatement(
            "SELECT id FROM variants WHERE variants MATCH ?1 ORDER BY bm25(variants) LIMIT 10");
    this.like =
        db.prepareStatement(
            "SELECT id FROM plain WHERE title LIKE ?1 OR tags LIKE ?1 OR body LIKE ?1 LIMIT 10");
  }

  /** The database of a corpus, built from its catalog the first time. */
  static Sqlite open(Path file, Catalog catalog) throws SQLException, java.io.IOException {
    boolean exists = Files.exists(file);
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
    if (!exists) {
      build(db, catalog);
    }
    return new Sqlite(db);
  }

  private static void build(Connection db, Catalog catalog) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=OFF");
      s.execute("PRAGMA synchronous=OFF");
      s.execute(
          "CREATE VIRTUAL TABLE variants USING fts5(id UNINDEXED, locale UNINDEXED, title, tags,"
              + " examples, body, tokenize='trigram')");
      s.execute("CREATE TABLE plain(id TEXT, locale TEXT, title TEXT, tags TEXT, body TEXT)");
    }
    db.setAutoCommit(false);
    try (PreparedStatement f =
            db.prepareStatement("INSERT INTO variants VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        PreparedStatement p = db.prepareStatement("INSERT INTO plain VALUES (?1, ?2, ?3, ?4, ?5)")) {
      for (Template t : catalog.templates()) {
        for (Variant v : t.variants().values()) {
          f.setString(1, v.id().toString());
          f.setString(2, v.localeTag());
          f.setString(3, v.title());
          f.setString(4, String.join(", ", v.tags()));
          f.setString(5, String.join("\n", v.examples()));
          f.setString(6, v.body().pattern());
          f.addBatch();
          p.setString(1, v.id().toString());
          p.setString(2, v.localeTag());
          p.setString(3, v.title());
          p.setString(4, String.join(", ", v.tags()));
          p.setString(5, v.body().pattern());
          p.addBatch();
        }
        f.executeBatch();
        p.executeBatch();
      }
    }
    db.commit();
    db.setAutoCommit(true);
  }

  /** The FTS5 query a help-desk search box sends: the words of three letters or more, any of them. */
  static String match(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add('"' + m.group() + '"');
    }
    return String.join(" OR ", words);
  }

  String version() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
      return rs.next() ? rs.getString(1) : "?";
    }
  }

  List<String> fts(String text) throws SQLException {
    String match = match(text);
    if (match.isEmpty()) {
      return List.of();
    }
    fts.setString(1, match);
    return ids(fts);
  }

  List<String> like(String text) throws SQLException {
    like.setString(1, "%" + text.strip() + "%");
    return ids(like);
  }

  private static List<String> ids(PreparedStatement statement) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
