package dev.bascule.core.check;

import dev.bascule.api.config.ServerCheck;

import java.time.Duration;

/**
 * HAProxy's health counter for one server ({@code struct check}'s {@code health}), which runs
 * from 0 to {@code rise + fall - 1}: the server is UP while it is at least {@code rise}. A server
 * starts UP at {@code rise}, so its first failure takes it DOWN; once fully up, {@code fall}
 * consecutive failures do; a DOWN server needs {@code rise} consecutive successes. Not thread-safe:
 * used on the control thread only.
 */
public final class ServerHealth {
    /** What a result did to the server's state. */
    public enum Transition {
        NONE, WENT_DOWN, WENT_UP
    }

    private final ServerCheck settings;
    private int health;
    private boolean up = true;

    public ServerHealth(ServerCheck settings) {
        this.settings = settings;
        this.health = settings.rise();
    }

    /** Records one probe's outcome ({@code set_server_check_status}, then {@code check_notify_*}). */
    public Transition record(boolean passed) {
        int rise = settings.rise();
        int fall = settings.fall();
        if (passed) {
            if (health < rise + fall - 1) {
                health++;
                if (health >= rise) {
                    health = rise + fall - 1;
                }
            }
            if (!up && health >= rise) {
                up = true;
                return Transition.WENT_UP;
            }
            return Transition.NONE;
        }
        if (health > 0) {
            health--;
            if (health < rise) {
                health = 0;
            }
        }
        if (up && health == 0) {
            up = false;
            return Transition.WENT_DOWN;
        }
        return Transition.NONE;
    }

    /** HAProxy's {@code srv_getinter()}: {@code inter} when settled, {@code downinter} when fully down, else {@code fastinter}. */
    public Duration interval() {
        if (health == settings.rise() + settings.fall() - 1) {
            return settings.inter();
        }
        if (!up && health == 0) {
            return settings.effectiveDownInter();
        }
        return settings.effectiveFastInter();
    }

    /**
     * {@code on-error sudden-death}: a server fully up is left one failure away from DOWN, before
     * the failure that the error counts as ({@code HANA_ONERR_SUDDTH}).
     */
    public void suddenDeath() {
        if (health > settings.rise()) {
            health = settings.rise() + 1;
        }
    }

    /** {@code on-error mark-down}: the next failure takes the server DOWN ({@code HANA_ONERR_MARKDWN}). */
    public void lastChance() {
        health = settings.rise();
    }

    /**
     * At start, the state the server already has (the server state file may have set it): its
     * counter and whether it is UP.
     */
    public void restore(int health, boolean up) {
        this.health = Math.max(0, Math.min(health, settings.rise() + settings.fall() - 1));
        this.up = up;
    }

    /** Forced maintenance: the counter drops to 0 and the checks pause. */
    public void pause() {
        health = 0;
        up = false;
    }

    /** Leaving maintenance: HAProxy starts the counter at {@code rise} ("start OK but check immediately"). */
    public void resume() {
        health = settings.rise();
        up = true;
    }

    public boolean isUp() {
        return up;
    }

    /** The counter, 0 to {@code rise + fall - 1}. */
    public int health() {
        return health;
    }
}
