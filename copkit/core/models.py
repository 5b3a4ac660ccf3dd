from django.db import models


class TimeStampedModel(models.Model):
    """Every stored thing says when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
