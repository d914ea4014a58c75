import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * Ground truth for `npm run test:jars`: loads each factory a JAR lists, with Flink's table API on
 * the class path, instantiates it and asks it. Prints one JSON line per JAR. Run as a single-file
 * source program: java -cp CLASSPATH FactoryProbe.java JAR...
 */
public class FactoryProbe {
  /** Whether java.util.ServiceLoader refuses the JAR's services file itself (its syntax or a provider name). */
  static boolean servicesRefused(String path, ClassLoader flink, Class<?> factory) {
    try (URLClassLoader alone = new URLClassLoader(new URL[] {new File(path).toURI().toURL()}, flink)) {
      ServiceLoader.load(factory, alone).stream().forEach(p -> {});
      return false;
    } catch (ServiceConfigurationError e) {
      String m = String.valueOf(e.getMessage());
      return m.contains("Illegal provider-class name") || m.contains("Illegal configuration-file syntax");
    } catch (Exception e) {
      return false;
    }
  }

  /** The highest class file major version a JVM of `feature` loads from the JAR (JarFile at that runtime version). */
  static int maxMajor(String path, int feature) {
    int max = 0;
    try (JarFile jar = feature <= 8 ? new JarFile(new File(path)) : new JarFile(new File(path), true, ZipFile.OPEN_READ, Runtime.Version.parse(Integer.toString(feature)))) {
      java.util.Iterator<JarEntry> it = (feature <= 8 ? java.util.Collections.list(jar.entries()).stream() : jar.versionedStream()).iterator();
      while (it.hasNext()) {
        JarEntry e = it.next();
        String n = e.getName();
        if (!n.endsWith(".class") || n.endsWith("module-info.class") || (feature <= 8 && n.startsWith("META-INF/"))) continue;
        if (feature > 8 && n.startsWith("META-INF/")) continue;
        byte[] head = jar.getInputStream(jar.getJarEntry(n)).readNBytes(8);
        if (head.length == 8 && (head[0] & 0xff) == 0xca && (head[1] & 0xff) == 0xfe) max = Math.max(max, ((head[6] & 0xff) << 8) | (head[7] & 0xff));
      }
    } catch (Exception e) {
      return -1;
    }
    return max;
  }

  static boolean multiRelease(String path) {
    try (JarFile jar = new JarFile(new File(path), true, ZipFile.OPEN_READ, Runtime.version())) {
      return jar.isMultiRelease();
    } catch (Exception e) {
      return false;
    }
  }

  static String q(String s) {
    return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
  }

  public static void main(String[] args) throws Exception {
    ClassLoader flink = FactoryProbe.class.getClassLoader();
    Class<?> factory = flink.loadClass("org.apache.flink.table.factories.Factory");
    Class<?> source = flink.loadClass("org.apache.flink.table.factories.DynamicTableSourceFactory");
    Class<?> sink = flink.loadClass("org.apache.flink.table.factories.DynamicTableSinkFactory");
    Class<?> format = flink.loadClass("org.apache.flink.table.factories.FormatFactory");
    Class<?> catalog = flink.loadClass("org.apache.flink.table.factories.CatalogFactory");
    Class<?> lookup = flink.loadClass("org.apache.flink.table.connector.source.LookupTableSource");
    for (String path : args) {
      StringBuilder out = new StringBuilder("{\"jar\":" + q(new File(path).getName()) + ",\"factories\":[");
      List<String> lookups = new ArrayList<>();
      try (JarFile jar = new JarFile(path);
           URLClassLoader loader = new URLClassLoader(new URL[] {new File(path).toURI().toURL()}, flink)) {
        JarEntry services = jar.getJarEntry("META-INF/services/org.apache.flink.table.factories.Factory");
        List<String> names = new ArrayList<>();
        if (services != null) {
          String text = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
          for (String line : text.split("\\R")) {
            String n = line.replaceAll("#.*$", "").trim();
            if (!n.isEmpty() && !names.contains(n)) names.add(n);
          }
        }
        boolean first = true;
        for (String n : names) {
          out.append(first ? "" : ",");
          first = false;
          try {
            Class<?> c = Class.forName(n, true, loader);
            Object f = c.getDeclaredConstructor().newInstance();
            String id = (String) factory.getMethod("factoryIdentifier").invoke(f);
            out.append("{\"class\":" + q(n) + ",\"identifier\":" + q(id) + ",\"source\":" + source.isAssignableFrom(c) + ",\"sink\":" + sink.isAssignableFrom(c)
                + ",\"format\":" + format.isAssignableFrom(c) + ",\"catalog\":" + catalog.isAssignableFrom(c) + "}");
          } catch (Throwable t) {
            Throwable root = t.getCause() != null ? t.getCause() : t;
            out.append("{\"class\":" + q(n) + ",\"error\":" + q(root.toString()) + "}");
          }
        }
        // Lookup is not declared by a factory: list the JAR's lookup table sources instead.
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String e = entries.nextElement().getName();
          if (!e.endsWith("Source.class") || e.startsWith("META-INF/")) continue;
          String cn = e.substring(0, e.length() - 6).replace('/', '.');
          try {
            if (lookup.isAssignableFrom(Class.forName(cn, false, loader))) lookups.add(cn);
          } catch (Throwable ignored) {
            // a class whose dependencies are not on this class path: not a table source we can judge
          }
        }
      } catch (Throwable t) {
        out.append("{\"error\":" + q(t.toString()) + "}");
      }
      out.append("],\"servicesError\":" + servicesRefused(path, flink, factory));
      out.append(",\"maxMajor8\":" + maxMajor(path, 8) + ",\"maxMajor11\":" + maxMajor(path, 11) + ",\"multiRelease\":" + multiRelease(path));
      out.append(",\"lookupSources\":[");
      for (int i = 0; i < lookups.size(); i++) out.append(i == 0 ? "" : ",").append(q(lookups.get(i)));
      System.out.println(out.append("]}"));
    }
  }
}
