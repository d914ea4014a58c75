import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Ground truth for the UDF classes of `npm run test:jars`: loads every class of each JAR (not
 * initialized), with Flink's table API on the class path, and lists the public, concrete ones that
 * are subclasses of one of Flink's six UDF base classes, with the base. Classes the JVM cannot
 * load (a dependency the JAR does not hold) are counted. One JSON line per JAR. Run as a
 * single-file source program: java -cp CLASSPATH UdfProbe.java JAR...
 */
public class UdfProbe {
  static final String[] BASES = {
    "org.apache.flink.table.functions.ScalarFunction",
    "org.apache.flink.table.functions.TableFunction",
    "org.apache.flink.table.functions.AggregateFunction",
    "org.apache.flink.table.functions.TableAggregateFunction",
    "org.apache.flink.table.functions.AsyncScalarFunction",
    "org.apache.flink.table.functions.AsyncTableFunction",
  };

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  public static void main(String[] args) throws Exception {
    ClassLoader flink = UdfProbe.class.getClassLoader();
    List<Class<?>> bases = new ArrayList<>();
    for (String b : BASES) {
      try {
        bases.add(Class.forName(b, false, flink));
      } catch (ClassNotFoundException e) {
        // A base this Flink does not have (AsyncScalarFunction came in 1.19): nothing extends it here.
      }
    }
    for (String path : args) {
      List<String> found = new ArrayList<>();
      int unloadable = 0;
      try (URLClassLoader loader = new URLClassLoader(new URL[] {new File(path).toURI().toURL()}, flink);
          JarFile jar = new JarFile(new File(path))) {
        for (JarEntry e : Collections.list(jar.entries())) {
          String n = e.getName();
          if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) continue;
          String name = n.substring(0, n.length() - 6).replace('/', '.');
          Class<?> c;
          try {
            c = Class.forName(name, false, loader);
          } catch (Throwable t) {
            unloadable++;
            continue;
          }
          int m = c.getModifiers();
          if (!Modifier.isPublic(m) || Modifier.isAbstract(m) || c.isInterface()) continue;
          for (Class<?> b : bases) {
            if (b != c && b.isAssignableFrom(c)) {
              found.add("{\"className\":" + quote(name) + ",\"base\":" + quote(b.getSimpleName()) + "}");
              break;
            }
          }
        }
      }
      Collections.sort(found);
      System.out.println(
          "{\"jar\":" + quote(new File(path).getName()) + ",\"udfs\":[" + String.join(",", found) + "],\"unloadable\":" + unloadable + "}");
    }
  }
}
