package diezmil;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the fortune table. */
@Entity
@Table(name = "fortune")
public class Fortune {
    @Id
    private int id;

    private String message;

    protected Fortune() {}

    /** A fortune that is only rendered, never persisted (the one added at request time). */
    public Fortune(int id, String message) {
        this.id = id;
        this.message = message;
    }

    public int getId() {
        return id;
    }

    public String getMessage() {
        return message;
    }
}
