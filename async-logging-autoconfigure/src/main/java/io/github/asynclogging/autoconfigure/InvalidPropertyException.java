package io.github.asynclogging.autoconfigure;

/**
 * A configuration key of {@code async-logging.*} set to a value it does not allow.
 */
public final class InvalidPropertyException extends IllegalArgumentException {

	private final String key;

	private final transient Object value;

	private final String allowed;

	InvalidPropertyException(String key, Object value, String allowed) {
		super("async-logging." + key + " was '" + value + "', but must be " + allowed);
		this.key = key;
		this.value = value;
		this.allowed = allowed;
	}

	/**
	 * The full name of the key.
	 * @return e.g. {@code async-logging.queue-capacity}
	 */
	public String getKey() {
		return "async-logging." + this.key;
	}

	/**
	 * The value that was refused.
	 * @return the value, as bound
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * What the key allows.
	 * @return e.g. {@code between 1 and 1073741824}
	 */
	public String getAllowed() {
		return this.allowed;
	}

}
