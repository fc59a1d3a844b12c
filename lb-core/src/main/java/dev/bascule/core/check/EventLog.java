package dev.bascule.core.check;

/**
 * Where runtime events go (server transitions, a backend left without servers), in HAProxy's
 * words and levels. The console prints them on stderr as HAProxy does in the foreground; another
 * implementation may send them to syslog.
 */
public interface EventLog {
    /** Reports nothing. */
    EventLog NONE = new EventLog() {
        @Override
        public void warning(String message) {
        }

        @Override
        public void alert(String message) {
        }
    };

    /** HAProxy's {@code ha_warning()}: {@code Server b/s is DOWN, ...}. */
    void warning(String message);

    /** HAProxy's {@code ha_alert()}: {@code backend 'b' has no server available!}. */
    void alert(String message);
}
