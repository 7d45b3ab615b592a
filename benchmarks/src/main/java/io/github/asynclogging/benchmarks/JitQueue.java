package io.github.asynclogging.benchmarks;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The JIT's compile queue, as {@code jcmd <pid> Compiler.queue} prints it, read from inside the JVM
 * through the platform's DiagnosticCommand MBean: whether the JIT still has work. Its compiler
 * threads' CPU time cannot tell, because on a busy machine a starved compiler thread uses little
 * CPU while it still has a queue.
 */
final class JitQueue {

	private JitQueue() {
	}

	/**
	 * Whether nothing is being compiled and nothing waits to be.
	 * @return {@code true} when idle, and when this JVM cannot tell
	 */
	static boolean isIdle() {
		String queue;
		try {
			queue = (String) ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
						new Object[] { null }, new String[] { String[].class.getName() });
		}
		catch (JMException | RuntimeException ex) {
			return true;
		}
		// "Current compiles:", a line per method being compiled, a blank line, then per compiler
		// "C1 compile queue:" and either "Empty" or a line per queued method. Every method line
		// holds a compile id; no other line holds a digit except the compilers' names.
		return queue.lines()
			.filter((line) -> !line.startsWith("C1 compile queue") && !line.startsWith("C2 compile queue"))
			.noneMatch((line) -> line.chars().anyMatch(Character::isDigit));
	}

}
