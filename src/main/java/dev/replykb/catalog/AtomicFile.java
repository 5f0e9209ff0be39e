package dev.replykb.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that a crash, even {@code kill -9} or a power cut, leaves the old file or the new
 * one and never half of one: a catalog variant saved by a translator, the usage counts beside the
 * index.
 */
public final class AtomicFile {
  /**
   * How long ago a temporary file must have been modified to be taken for one a crash left: a write
   * renames its temporary file within milliseconds of making it.
   */
  public static final Duration STALE_AFTER = Duration.ofMinutes(1);

  /** The name of a temporary file of {@link #write}: {@code .NAME.UUID.tmp}. */
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

  private AtomicFile() {}

  /**
   * Replaces {@code target} with {@code bytes}: written to a temporary file in the same folder,
   * forced to disk, renamed over the target, and the folder forced so the rename is durable too.
   * The temporary file's name starts with a dot, so the catalog loader and watcher ignore it.
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temporary =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceFolder(target.getParent());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Replaces {@code target} with {@code temporary}, a file of the same folder written whole: forced
   * to disk, renamed over the target, the folder forced. For files too large to hold in memory.
   */
  public static void replace(Path temporary, Path target) throws IOException {
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    forceFolder(target.toAbsolutePath().getParent());
  }

  /** Deletes {@code target} and makes the deletion durable. */
  public static void delete(Path target) throws IOException {
    Files.delete(target);
    forceFolder(target.getParent());
  }

  /** Whether {@code fileName} is the name of a temporary file of {@link #write}. */
  public static boolean isTemporary(String fileName) {
    return TEMPORARY.matcher(fileName).matches();
  }

  /**
   * Deletes the temporary files of {@link #write} in {@code folder} (not in its subfolders) that a
   * crash left: {@code kill -9} or a power cut between making one and renaming it over its target
   * leaves it behind, hidden from the catalog (its name starts with a dot) but there for good. Only
   * those modified more than {@link #STALE_AFTER} ago go, so a write in progress keeps its own.
   *
   * @return how many were deleted
   */
  public static int removeStale(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    Instant before = Instant.now().minus(STALE_AFTER);
    int removed = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        if (isTemporary(file.getFileName().toString()) && removeIfStale(file, before)) {
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * As {@link #removeStale} for {@code root} and every folder under it: for a catalog, whose
   * variant files are written in their locale and category folders.
   *
   * @return how many were deleted
   */
  public static int removeStaleUnder(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    Instant before = Instant.now().minus(STALE_AFTER);
    int[] removed = {0};
    Files.walkFileTree(
        root,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (attributes.isRegularFile()
                && isTemporary(file.getFileName().toString())
                && attributes.lastModifiedTime().toInstant().isBefore(before)
                && Files.deleteIfExists(file)) {
              removed[0]++;
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
            return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile, or unreadable
          }
        });
    return removed[0];
  }

  private static boolean removeIfStale(Path file, Instant before) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile()
          && attributes.lastModifiedTime().toInstant().isBefore(before)
          && Files.deleteIfExists(file);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    }
  }

  private static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not every platform opens folders; the rename is atomic regardless.
    }
  }
}
