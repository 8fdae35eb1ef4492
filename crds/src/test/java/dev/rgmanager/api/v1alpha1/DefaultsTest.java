package dev.rgmanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every default is declared twice, once for the schema ({@code @Default}) and once for code reading
 * objects the API server did not default ({@code xOrDefault()}): both must say the same, and every
 * field with one has the other, except where the reason is stated here.
 */
class DefaultsTest {
  private static final String AGENT =
      "passed to the fence agent only when set: unset (only in objects built in code) leaves the"
          + " agent's own default, the same value";

  /** A schema default without an accessor. */
  private static final Map<String, String> SCHEMA_ONLY =
      Map.of(
          "IpmiSettings.port", AGENT,
          "IpmiSettings.cipherSuite", AGENT,
          "IpmiSettings.privilegeLevel", AGENT,
          "IpmiSettings.method", AGENT,
          "IpmiSettings.powerWait", AGENT,
          "ScsiSettings.lun", AGENT);

  /** An accessor without a schema default. */
  private static final Map<String, String> ACCESSOR_ONLY =
      Map.of(
          "MemberStatus.unclean",
          "status is written by the operator, the API server defaults no status field",
          "MemberStatus.standby",
          "status is written by the operator, the API server defaults no status field",
          "FailoverDomainSpec.selectorPriority",
          "a schema default would make has(self.selectorPriority) always true, and the rule"
              + " 'selectorPriority needs nodeSelector' refuse every domain without a selector");

  @Test
  void everyAccessorReturnsItsSchemaDefault() throws Exception {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Class<?> type : apiClasses()) {
      for (Method accessor : type.getDeclaredMethods()) {
        String field = fieldOf(accessor);
        if (field == null) {
          continue;
        }
        Default d = declaredField(type, field).getAnnotation(Default.class);
        if (d == null) {
          continue;
        }
        Object expected = parse(d.value(), accessor.getReturnType(), key(type, field));
        Object actual = accessor.invoke(unset(type));
        checked++;
        if (!expected.equals(actual)) {
          wrong.add(
              key(type, field)
                  + ": @Default(\""
                  + d.value()
                  + "\") but "
                  + accessor.getName()
                  + "() returns "
                  + actual);
        }
      }
    }
    assertThat(wrong).as("accessor and schema disagree").isEmpty();
    assertThat(checked).as("pairs found (the scan works)").isGreaterThanOrEqualTo(25);
  }

  @Test
  void everyAccessorHasASchemaDefaultAndEveryDefaultAnAccessor() throws Exception {
    Map<String, String> unpaired = new TreeMap<>();
    for (Class<?> type : apiClasses()) {
      for (Method accessor : type.getDeclaredMethods()) {
        String field = fieldOf(accessor);
        if (field != null && declaredField(type, field).getAnnotation(Default.class) == null) {
          unpaired.put(key(type, field), "accessor only");
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (f.getAnnotation(Default.class) != null && !hasAccessor(type, f.getName())) {
          unpaired.put(key(type, f.getName()), "schema only");
        }
      }
    }
    Map<String, String> allowed = new TreeMap<>();
    ACCESSOR_ONLY.keySet().forEach(k -> allowed.put(k, "accessor only"));
    SCHEMA_ONLY.keySet().forEach(k -> allowed.put(k, "schema only"));
    assertThat(unpaired)
        .as(
            "a default declared on one side only: add the other (both reading Defaults), or list"
                + " it here with the reason")
        .isEqualTo(allowed);
  }

  @Test
  void theEnumDefaultsAreTheConstantsOfTheirJsonValues() {
    assertThat(Defaults.RECOVERY).isEqualTo(RecoveryPolicy.RESTART);
    assertThat(Defaults.STATE).isEqualTo(DesiredState.ENABLED);
    assertThat(Defaults.DEPEND_MODE).isEqualTo(DependMode.HARD);
    assertThat(Defaults.NO_QUORUM_POLICY).isEqualTo(NoQuorumPolicy.STOP);
    assertThat(Defaults.ADDRESS_TYPE).isEqualTo(AddressResource.AddressType.CLUSTER_IP);
    assertThatThrownBy(() -> Defaults.fromJson(RecoveryPolicy.class, "reboot"))
        .hasMessageContaining("RecoveryPolicy")
        .hasMessageContaining("reboot");
  }

  /** {@code x} for an accessor {@code xOrDefault()}, else null. */
  private static String fieldOf(Method m) {
    String name = m.getName();
    if (!name.endsWith("OrDefault")
        || m.getParameterCount() != 0
        || Modifier.isStatic(m.getModifiers())) {
      return null;
    }
    return name.substring(0, name.length() - "OrDefault".length());
  }

  private static boolean hasAccessor(Class<?> type, String field) {
    try {
      type.getDeclaredMethod(field + "OrDefault");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Field declaredField(Class<?> type, String field) {
    try {
      return type.getDeclaredField(field);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(type.getSimpleName() + "." + field + "OrDefault() has no field");
    }
  }

  private static String key(Class<?> type, String field) {
    return type.getSimpleName() + "." + field;
  }

  /** The schema's text read as the accessor's type: what the API server would have stored. */
  private static Object parse(String value, Class<?> type, String where) {
    if (type == boolean.class || type == Boolean.class) {
      assertThat(value).as(where).isIn("true", "false");
      return Boolean.valueOf(value);
    }
    if (type == int.class || type == Integer.class) {
      return Integer.valueOf(value);
    }
    if (type == String.class) {
      return value;
    }
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        JsonProperty p = jsonProperty(type, ((Enum<?>) constant).name());
        if (p != null && p.value().equals(value)) {
          return constant;
        }
      }
      throw new AssertionError(where + ": @Default(\"" + value + "\") is no " + type.getName());
    }
    throw new AssertionError(where + ": the test cannot read a default of type " + type);
  }

  private static JsonProperty jsonProperty(Class<?> enumType, String constant) {
    try {
      return enumType.getField(constant).getAnnotation(JsonProperty.class);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  /** The record with every component unset. */
  private static Object unset(Class<?> type) throws ReflectiveOperationException {
    assertThat(type.isRecord()).as(type + " has OrDefault accessors but is no record").isTrue();
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      assertThat(types[i].isPrimitive())
          .as(type.getSimpleName() + "." + components[i].getName() + " cannot be unset")
          .isFalse();
    }
    return type.getDeclaredConstructor(types).newInstance(values);
  }

  /** Every class of the API package, nested ones included, from the compiled classes. */
  private static List<Class<?>> apiClasses() throws IOException, URISyntaxException {
    Path root = Path.of(Defaults.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = Defaults.class.getPackageName();
    Path dir = root.resolve(pkg.replace('.', '/'));
    var names = new TreeSet<String>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
          .forEach(n -> names.add(pkg + "." + n.substring(0, n.length() - ".class".length())));
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      try {
        classes.add(Class.forName(name.replace('/', '.')));
      } catch (ClassNotFoundException e) {
        throw new AssertionError(name, e);
      }
    }
    assertThat(classes).as("API classes found in " + dir).hasSizeGreaterThan(40);
    return classes;
  }
}
