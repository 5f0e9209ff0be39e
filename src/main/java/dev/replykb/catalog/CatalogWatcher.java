package dev.replykb.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a catalog folder and reports which files changed, so that edits made with an editor or by
 * {@code git pull} are picked up without a restart.
 *
 * <p>Events are gathered until the folder has been quiet for a moment (an editor saving, a pull
 * touching many files), then reported once, as paths relative to the catalog folder. New folders
 * are watched as they appear. When the operating system drops events, {@code catalog.yaml} is
 * reported, which makes the catalog read everything again.
 *
 * <p>Runs one daemon thread; the listener is called on it, one batch at a time.
 */
public final class CatalogWatcher implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogWatcher.class);

  private final Path root;
  private final WatchService service;
  private final Map<WatchKey, Path> folders = new HashMap<>();
  private final Consumer<Set<String>> listener;
  private final Duration quiet;
  private final Thread thread;

  /**
   * Starts watching {@code root}.
   *
   * @param quiet how long the folder must be still before a batch is reported
   */
  public CatalogWatcher(Path root, Duration quiet, Consumer<Set<String>> listener)
      throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.service = FileSystems.getDefault().newWatchService();
    this.listener = listener;
    this.quiet = quiet;
    registerTree(this.root, null);
    this.thread = Thread.ofPlatform().name("replykb-catalog-watcher").daemon().start(this::run);
  }

  /**
   * Watches {@code folder} and every folder below it, adding to {@code found} (when not null) the
   * files already in them. Each folder is listed after it is registered: a file or folder created
   * before is in the listing, one created after raises an event. (A folder from a {@code git pull}
   * fills up while we look at it.)
   */
  private void registerTree(Path folder, Set<String> found) throws IOException {
    WatchKey key =
        folder.register(
            service,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    folders.put(key, folder);
    List<Path> children;
    try (Stream<Path> listing = Files.list(folder)) {
      children = listing.toList();
    }
    for (Path child : children) {
      if (child.getFileName().toString().startsWith(".")) {
        continue; // .git, editor folders, our own temporary files
      }
      if (Files.isDirectory(child)) {
        registerTree(child, found);
      } else if (found != null && isCatalogFile(relative(child))) {
        found.add(relative(child));
      }
    }
  }

  private static boolean isCatalogFile(String relative) {
    return relative.endsWith(CatalogLoader.TEMPLATE_SUFFIX)
        || relative.equals(CatalogLoader.SETTINGS_FILE);
  }

  private void run() {
    try {
      while (true) {
        Set<String> changed = new TreeSet<>();
        WatchKey key = service.take();
        collect(key, changed);
        // Keep gathering until the folder is still: one batch per save or pull.
        for (WatchKey next = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            next != null;
            next = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
          collect(next, changed);
        }
        if (!changed.isEmpty()) {
          try {
            listener.accept(changed);
          } catch (RuntimeException e) {
            LOG.error("Taking in changed catalog files {} failed", changed, e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private void collect(WatchKey key, Set<String> changed) {
    Path folder = folders.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW || folder == null) {
        changed.add(CatalogLoader.SETTINGS_FILE); // events were lost: read everything
        continue;
      }
      Path path = folder.resolve((Path) event.context());
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
          && Files.isDirectory(path)
          && !path.getFileName().toString().startsWith(".")) {
        try {
          registerTree(path, changed);
        } catch (IOException e) {
          changed.add(CatalogLoader.SETTINGS_FILE);
        }
        continue;
      }
      String relative = relative(path);
      if (isCatalogFile(relative)) {
        changed.add(relative);
      } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE
          && folders.containsValue(path)) {
        // A deleted folder: its files are gone too. (Not any name without a dot: sed -i renames
        // its temporary file 'sedAbc123' over the template, which must not reload everything.)
        changed.add(CatalogLoader.SETTINGS_FILE);
      }
    }
    if (!key.reset()) {
      // The folder itself is gone (or unreadable): whatever it held is gone with it.
      folders.remove(key);
      changed.add(CatalogLoader.SETTINGS_FILE);
    }
  }

  private String relative(Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }

  @Override
  public void close() throws IOException {
    service.close();
    thread.interrupt();
  }
}
