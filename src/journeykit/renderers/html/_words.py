"""The web page's own words, in each language: toolbar labels and the details panel's field names.

Lane titles come from the shared theme (:func:`journeykit.renderers.theme.lane_title`)
and metric names from the grid's badges; the words here are the page's own. They
live in this one table until the message catalogue absorbs it.

Examples
--------
>>> from journeykit.renderers.html._words import page_words
>>> page_words("es")["search"], page_words("en")["fit"]
('Buscar', 'Fit')
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["page_words"]

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "controls": "Map controls",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "fit": "Fit",
        "fit_title": "Fit the map to the window (0)",
        "lanes": "Lanes",
        "persona": "Persona",
        "state": "State",
        "all_personas": "All personas",
        "both": "Both",
        "current": "Current",
        "future": "Future",
        "search": "Search",
        "search_hint": "Name, pain point, owner…",
        "owner": "Owner",
        "channel": "Channel",
        "all": "All",
        "map": "Journey map: drag or use the arrow keys to move, + and \u2212 to zoom, 0 to fit",
        "details": "Details",
        "hint": "Point at, click or Tab to a touchpoint or a flow to see its details.",
        "error": "The map could not be redrawn",
        "keys": "Keys: + \u2212 zoom · 0 fit · arrows move · Esc clears",
        # The details panel's field names.
        "stage": "Stage",
        "description": "Description",
        "action": "Action",
        "thought": "Thought",
        "questions": "Questions",
        "emotion": "Emotion",
        "emotion_of": "Emotion: {name}",
        "visibility": "Visibility",
        "frontstage": "on stage (the customer sees it)",
        "backstage": "backstage",
        "support": "support process",
        "evidence": "Evidence",
        "stated": "stated",
        "observed": "observed",
        "inferred": "inferred",
        "confidence": "confidence {share}",
        "about": "about {field}",
        "tags": "Tags",
        "moment_of_truth": "Moment of truth",
        "yes": "yes",
        "kind": "Kind",
        "forward": "next step",
        "skip": "skip ahead",
        "back": "goes back",
        "exit": "exit",
        "flow": "Flow",
        "label": "Label",
        "condition": "Condition",
        "share": "Share",
        "count": "Customers",
        "times": "Times",
        "leave": "leaves the journey",
    },
    "es": {
        "controls": "Controles del mapa",
        "zoom_in": "Acercar",
        "zoom_out": "Alejar",
        "fit": "Ajustar",
        "fit_title": "Ajustar el mapa a la ventana (0)",
        "lanes": "Carriles",
        "persona": "Persona",
        "state": "Estado",
        "all_personas": "Todas las personas",
        "both": "Ambos",
        "current": "Actual",
        "future": "Futuro",
        "search": "Buscar",
        "search_hint": "Nombre, dolor, responsable…",
        "owner": "Responsable",
        "channel": "Canal",
        "all": "Todos",
        "map": "Mapa del recorrido: arrastre o use las flechas para moverlo, + y \u2212 para "
        "acercar o alejar, 0 para ajustarlo",
        "details": "Detalles",
        "hint": "Señale, pulse o llegue con Tab a un punto de contacto o a un flujo para ver "
        "sus detalles.",
        "error": "No se pudo volver a dibujar el mapa",
        "keys": "Teclas: + \u2212 zoom · 0 ajustar · flechas mover · Esc borra",
        "stage": "Etapa",
        "description": "Descripción",
        "action": "Acción",
        "thought": "Pensamiento",
        "questions": "Preguntas",
        "emotion": "Emoción",
        "emotion_of": "Emoción: {name}",
        "visibility": "Visibilidad",
        "frontstage": "en escena (el cliente lo ve)",
        "backstage": "tras bambalinas",
        "support": "proceso de apoyo",
        "evidence": "Evidencia",
        "stated": "declarada",
        "observed": "observada",
        "inferred": "inferida",
        "confidence": "confianza {share}",
        "about": "sobre {field}",
        "tags": "Etiquetas",
        "moment_of_truth": "Momento de la verdad",
        "yes": "sí",
        "kind": "Tipo",
        "forward": "paso siguiente",
        "skip": "salta adelante",
        "back": "vuelve atrás",
        "exit": "salida",
        "flow": "Flujo",
        "label": "Etiqueta",
        "condition": "Condición",
        "share": "Proporción",
        "count": "Clientes",
        "times": "Tiempos",
        "leave": "abandona el recorrido",
    },
}


def page_words(lang: str) -> Mapping[str, str]:
    """Return the page's own words in ``lang`` (``en`` or ``es``).

    Examples
    --------
    >>> page_words("es")["details"]
    'Detalles'
    """
    return _WORDS[lang]
