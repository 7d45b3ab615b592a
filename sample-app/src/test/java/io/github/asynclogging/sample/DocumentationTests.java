package io.github.asynclogging.sample;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.github.asynclogging.autoconfigure.AsyncLoggingProperties;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the README, CONTRIBUTING and {@code docs/} show a reader runs as written: every command in
 * their shell blocks (and inline {@code mvn} commands) names modules, profiles, tests, scripts and
 * classes that exist; every {@code curl} of the quick start answers from a running sample
 * application; every YAML example parses and its {@code async-logging} keys bind to the starter's
 * properties; every XML example is well formed; every relative link and anchor resolves. The README
 * keeps the two commands a new user runs and names no test, issue or commit.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// A context of its own: the quick start slows the sink down and starts background traffic.
		properties = "spring.application.name=async-logging-sample-documentation")
@DirtiesContext
class DocumentationTests {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

	private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```\\s*$");

	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

	private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");

	private static final Set<String> PHASES = Set.of("clean", "validate", "compile", "test", "package", "verify",
			"install", "deploy");

	@LocalServerPort
	private int port;

	@Test
	void theReadmeKeepsTheCommandsToRunTheSampleAndTheTests() throws IOException {
		List<String> commands = commands(ROOT.resolve("README.md"));
		assertThat(commands).contains("mvn -B -DskipTests -pl sample-app -am package spring-boot:run", "mvn -B verify");
	}

	@Test
	void theReadmeNamesNoTestIssueOrCommit() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		assertThat(found("(?<![-\\w.])[A-Z][a-z]\\w*Tests?\\b|\\bIT\\b", readme)).as("test names in README.md").isEmpty();
		assertThat(found("(?i)\\bissues? \\d+", readme)).as("issue numbers in README.md").isEmpty();
		assertThat(found("\\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\\b", readme))
			.as("commit hashes in README.md").isEmpty();
	}

	private static List<String> found(String regex, String text) {
		return Pattern.compile(regex).matcher(text).results().map(MatchResult::group).toList();
	}

	@Test
	void everyShellCommandNamesWhatExists() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path document : documents()) {
			for (String command : commands(document)) {
				for (String part : command.split("\\s*(?:&&|;)\\s*")) {
					check(part, problems);
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyCurlOfTheDocumentationAnswersFromTheSampleApplication() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<String> curls = new ArrayList<>();
		for (Path document : documents()) {
			commands(document).stream().filter((command) -> command.startsWith("curl ")).forEach(curls::add);
		}
		assertThat(curls).as("curl commands of the README").isNotEmpty();
		for (String curl : curls) {
			List<String> words = words(curl.split("\\|")[0]);
			String method = "GET";
			String url = null;
			for (int i = 1; i < words.size(); i++) {
				if (words.get(i).equals("-X")) {
					method = words.get(++i);
				}
				else if (!words.get(i).startsWith("-")) {
					url = words.get(i);
				}
			}
			assertThat(url).as("the address in %s", curl).startsWith("localhost:8080/");
			URI uri = URI.create("http://" + url.replace("localhost:8080", "localhost:" + this.port));
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("%s answered %s", curl, response.body()).isBetween(200, 299);
		}
	}

	@Test
	void everyYamlExampleParsesAndItsKeysBindToTheStarter() throws IOException {
		int bound = 0;
		for (Path document : documents()) {
			for (String yaml : blocks(document, "yaml")) {
				Object parsed = new Yaml().load(yaml);
				assertThat(parsed).as("YAML block of %s:%n%s", ROOT.relativize(document), yaml).isInstanceOf(Map.class);
				Map<String, Object> flat = new LinkedHashMap<>();
				flatten("", parsed, flat);
				if (flat.keySet().stream().anyMatch((key) -> key.startsWith("async-logging."))) {
					bindToTheStarter(flat, document, yaml);
					bound++;
				}
			}
		}
		assertThat(bound).as("YAML examples with async-logging keys").isGreaterThanOrEqualTo(2);
	}

	@Test
	void everyXmlExampleIsWellFormed() throws IOException {
		for (Path document : documents()) {
			for (String xml : blocks(document, "xml")) {
				assertThatCode(() -> DocumentBuilderFactory.newInstance()
					.newDocumentBuilder()
					.parse(new InputSource(new StringReader("<examples>" + xml + "</examples>"))))
					.as("XML block of %s:%n%s", ROOT.relativize(document), xml)
					.doesNotThrowAnyException();
			}
		}
	}

	@Test
	void everyRelativeLinkAndAnchorResolves() throws IOException {
		List<String> broken = new ArrayList<>();
		List<Path> linking = new ArrayList<>(documents());
		linking.add(ROOT.resolve("CHANGELOG.md"));
		linking.add(ROOT.resolve("BENCHMARKS.md"));
		for (Path document : linking) {
			Matcher links = LINK.matcher(withoutCodeBlocks(Files.readString(document)));
			while (links.find()) {
				String target = links.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				String[] parts = target.split("#", 2);
				Path file = parts[0].isEmpty() ? document : document.getParent().resolve(parts[0]).normalize();
				if (!Files.exists(file)) {
					broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
				}
				else if (parts.length == 2 && !anchors(file).contains(parts[1])) {
					broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	private void check(String command, List<String> problems) throws IOException {
		List<String> words = new ArrayList<>(words(command));
		while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
			words.remove(0);
		}
		if (words.isEmpty()) {
			return;
		}
		String program = words.get(0);
		switch (program) {
			case "mvn" -> checkMaven(command, words, problems);
			case "java" -> checkJava(command, words, problems);
			case "python3" -> requireFile(command, words.get(1), false, problems);
			case "curl" -> {
				// Run against the sample application by everyCurlOfTheDocumentationAnswersFromTheSampleApplication.
			}
			default -> {
				if (program.contains("/")) {
					requireFile(command, program, true, problems);
				}
				else {
					problems.add(command + ": a command this test does not know how to check");
				}
			}
		}
	}

	private void checkMaven(String command, List<String> words, List<String> problems) throws IOException {
		Set<String> modules = new LinkedHashSet<>();
		boolean alsoMake = false;
		boolean failIfNoSpecifiedTests = true;
		List<String> tests = new ArrayList<>();
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			if (word.equals("-pl")) {
				modules.addAll(List.of(words.get(++i).split(",")));
			}
			else if (word.equals("-am")) {
				alsoMake = true;
			}
			else if (word.startsWith("-P")) {
				String profile = word.length() > 2 ? word.substring(2) : words.get(++i);
				if (!Files.readString(ROOT.resolve("pom.xml")).contains("<id>" + profile + "</id>")) {
					problems.add(command + ": no profile " + profile);
				}
			}
			else if (word.startsWith("-Dtest=")) {
				tests.addAll(List.of(word.substring("-Dtest=".length()).split("[,+]")));
			}
			else if (word.equals("-Dsurefire.failIfNoSpecifiedTests=false")) {
				failIfNoSpecifiedTests = false;
			}
			else if (!word.startsWith("-") && !PHASES.contains(word) && !word.equals("spring-boot:run")) {
				problems.add(command + ": unknown goal or argument " + word);
			}
		}
		for (String module : modules) {
			Path pom = ROOT.resolve(module).resolve("pom.xml");
			if (!Files.exists(pom)) {
				problems.add(command + ": no module " + module);
			}
			else if (!alsoMake && Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "")
				.contains("<groupId>io.github.asynclogging</groupId>")) {
				// Its sibling modules are not installed in a fresh clone: the reactor must build them.
				problems.add(command + ": " + module + " needs other modules of this build, so -am");
			}
		}
		for (String test : tests) {
			String name = test.split("#")[0];
			if (!exists(name + ".java")) {
				problems.add(command + ": no test class " + name);
			}
		}
		if (!tests.isEmpty() && alsoMake && failIfNoSpecifiedTests) {
			problems.add(command + ": -Dtest with -am fails in the other modules without"
					+ " -Dsurefire.failIfNoSpecifiedTests=false");
		}
	}

	private void checkJava(String command, List<String> words, List<String> problems) throws IOException {
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			if (word.equals("-jar") || word.equals("-cp")) {
				String jar = words.get(++i);
				if (!jar.startsWith("benchmarks/target/") && !jar.startsWith("sample-app/target/")) {
					problems.add(command + ": a jar this build does not make: " + jar);
				}
			}
			else if (word.matches("[A-Z]\\w+(Benchmark|Cost|Cpu)") || word.matches("io\\.github\\.asynclogging\\..*")) {
				String simpleName = word.substring(word.lastIndexOf('.') + 1);
				if (!exists(simpleName + ".java")) {
					problems.add(command + ": no class " + word);
				}
			}
		}
	}

	private static void requireFile(String command, String file, boolean executable, List<String> problems) {
		Path path = ROOT.resolve(file);
		if (!Files.isRegularFile(path)) {
			problems.add(command + ": no file " + file);
		}
		else if (executable && !Files.isExecutable(path)) {
			problems.add(command + ": " + file + " is not executable");
		}
	}

	private static boolean exists(String fileName) throws IOException {
		try (Stream<Path> files = Files.walk(ROOT)) {
			return files.filter((path) -> !path.toString().contains("/target/"))
				.anyMatch((path) -> path.getFileName().toString().equals(fileName));
		}
	}

	private static void bindToTheStarter(Map<String, Object> flat, Path document, String yaml) {
		Map<String, Object> ours = new LinkedHashMap<>();
		flat.forEach((key, value) -> {
			if (key.startsWith("async-logging.")) {
				ours.put(key, value);
			}
		});
		Binder binder = new Binder(new MapConfigurationPropertySource(ours));
		assertThatCode(() -> binder.bind("async-logging", Bindable.of(AsyncLoggingProperties.class),
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT)))
			.as("async-logging keys of a YAML block of %s:%n%s", ROOT.relativize(document), yaml)
			.doesNotThrowAnyException();
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Object value, Map<String, Object> flat) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, child) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, child, flat));
		}
		else if (value instanceof List<?> list) {
			if (list.isEmpty()) {
				flat.put(prefix, "");
			}
			for (int i = 0; i < list.size(); i++) {
				flatten(prefix + "[" + i + "]", list.get(i), flat);
			}
		}
		else {
			flat.put(prefix, (value != null) ? value.toString() : "");
		}
	}

	private static List<Path> documents() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md"))
				// The benchmarks' notes are a record of past runs, with the commands as they were run then.
				.filter((path) -> !path.getFileName().toString().equals("benchmarks-notes.md"))
				.sorted()
				.forEach(documents::add);
		}
		return documents;
	}

	/** Shell commands of a document: its bash blocks (comments and continuations joined) and inline mvn commands. */
	private static List<String> commands(Path document) throws IOException {
		List<String> commands = new ArrayList<>();
		for (String block : blocks(document, "bash")) {
			for (String line : block.replace("\\\n", " ").split("\n")) {
				String command = line.replaceAll("\\s+#.*$", "").replaceAll("\\s+", " ").trim();
				if (!command.isEmpty() && !command.startsWith("#")) {
					commands.add(command);
				}
			}
		}
		Matcher inline = INLINE_CODE.matcher(withoutCodeBlocks(Files.readString(document)));
		while (inline.find()) {
			String code = inline.group(1).trim();
			if (code.startsWith("mvn ") || code.matches("(\\w+=\\S+ )*mvn .*")) {
				commands.add(code);
			}
		}
		return commands;
	}

	private static List<String> blocks(Path document, String language) throws IOException {
		List<String> blocks = new ArrayList<>();
		Matcher fences = FENCE.matcher(Files.readString(document));
		while (fences.find()) {
			if (fences.group(1).equals(language)) {
				blocks.add(fences.group(2));
			}
		}
		return blocks;
	}

	private static String withoutCodeBlocks(String markdown) {
		return FENCE.matcher(markdown).replaceAll("");
	}

	/** The anchors GitHub gives a document's headings. */
	private static Set<String> anchors(Path document) throws IOException {
		Set<String> anchors = new LinkedHashSet<>();
		for (String line : withoutCodeBlocks(Files.readString(document)).split("\n")) {
			if (line.startsWith("#")) {
				String heading = line.replaceFirst("^#+\\s*", "").replace("`", "");
				String anchor = heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
				String unique = anchor;
				for (int n = 1; anchors.contains(unique); n++) {
					unique = anchor + "-" + n;
				}
				anchors.add(unique);
			}
		}
		return anchors;
	}

	/** A command line split into words as a shell would, for quotes. */
	private static List<String> words(String command) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		char quote = 0;
		boolean inWord = false;
		for (char c : command.toCharArray()) {
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
				else {
					word.append(c);
				}
			}
			else if (c == '\'' || c == '"') {
				quote = c;
				inWord = true;
			}
			else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(word.toString());
					word.setLength(0);
					inWord = false;
				}
			}
			else {
				word.append(c);
				inWord = true;
			}
		}
		if (quote != 0) {
			fail("unbalanced quote in " + command);
		}
		if (inWord) {
			words.add(word.toString());
		}
		return words;
	}

}
