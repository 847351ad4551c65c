package diezmil;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the world table; Jackson writes it as {"id":N,"randomNumber":M}. */
@Entity
@Table(name = "world")
@JsonPropertyOrder({"id", "randomNumber"})
public class World {
    @Id
    private int id;

    @Column(name = "randomnumber")
    private int randomNumber;

    protected World() {}

    public int getId() {
        return id;
    }

    public int getRandomNumber() {
        return randomNumber;
    }
}
