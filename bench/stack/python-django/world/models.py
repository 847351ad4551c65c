from django.db import models


class World(models.Model):
    randomnumber = models.IntegerField()

    class Meta:
        db_table = "world"
        # The runner creates and seeds the tables; Django never migrates them.
        managed = False

    def to_json(self):
        return {"id": self.id, "randomNumber": self.randomnumber}


class Fortune(models.Model):
    message = models.CharField(max_length=2048)

    class Meta:
        db_table = "fortune"
        managed = False
