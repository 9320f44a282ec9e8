"""Tests of journeykit.mining: event tables to journeys."""
