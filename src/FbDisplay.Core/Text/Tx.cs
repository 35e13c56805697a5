using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Text;

/// <summary>
/// Every string of the screens and the web page, in English, German, Dutch, French and Spanish (the columns of each
/// row; see <see cref="Text"/>). Strings are short enough for their boxes: the UI tests render every screen in every
/// language and fail on a text that overflows or a missing translation. PowerSafe100.log, MQTT, JSON and metrics
/// never use this catalogue.
/// </summary>
public static class Tx
{
    // Declared first: the rows below add themselves in order.
    private static readonly List<Text> Rows = [];

    // Shared words.
    public static readonly Text Cancel = T("common.cancel", "CANCEL", "ABBRECHEN", "ANNULEREN", "ANNULER", "CANCELAR");
    public static readonly Text Ok = T("common.ok", "OK", "OK", "OK", "OK", "OK");
    public static readonly Text Save = T("common.save", "SAVE", "SPEICHERN", "OPSLAAN", "VALIDER", "GUARDAR");
    public static readonly Text SaveChanged = T("common.save_changed", "SAVE •", "SPEICHERN", "OPSLAAN •", "VALIDER •", "GUARDAR•");
    public static readonly Text Auto = T("common.auto", "AUTO", "AUTO", "AUTO", "AUTO", "AUTO");
    public static readonly Text OnCaps = T("common.on", "ON", "EIN", "AAN", "OUI", "SÍ");
    public static readonly Text OffCaps = T("common.off", "OFF", "AUS", "UIT", "NON", "NO");
    public static readonly Text NotAvailable = T("common.na", "n/a", "k. A.", "n.b.", "n.d.", "n/d");
    public static readonly Text MaxSuffix = T("common.max", " max", " max.", " max", " max", " máx");
    public static readonly Text Since = T("common.since", "since {0}", "seit {0}", "sinds {0}", "depuis {0}", "desde {0}");
    public static readonly Text TapToReturn = T("common.tap_return", "Tap to return", "Tippen: zurück", "Tik om terug te gaan", "Toucher pour revenir", "Toque para volver");
    public static readonly Text TapAnywhereToReturn = T("common.tap_anywhere", "Tap anywhere to return", "Irgendwo tippen: zurück", "Tik ergens om terug te gaan", "Touchez l'écran pour revenir", "Toque la pantalla para volver");
    public static readonly Text TapGraphToReturn = T("common.tap_graph", "Tap the graph to return", "Grafik antippen: zurück", "Tik op de grafiek: terug", "Touchez le graphique : retour", "Toque el gráfico para volver");
    public static readonly Text Now = T("common.now", "now", "jetzt", "nu", "maint.", "ahora");
    public static readonly Text UnitSecond = T("unit.s", "s", "s", "s", "s", "s");
    public static readonly Text UnitMinute = T("unit.min", "min", "min", "min", "min", "min");
    public static readonly Text UnitHour = T("unit.h", "h", "h", "u", "h", "h");
    public static readonly Text UnitDay = T("unit.d", "d", "T", "d", "j", "d");

    // Main screen.
    public static readonly Text MainPowerLog = T("main.power_log", "POWER LOG", "LEISTUNG", "VERMOGEN", "PUISSANCE", "POTENCIA");
    public static readonly Text MainCellLevels = T("main.cell_levels", "CELL LEVELS", "ZELLEN", "CELLEN", "CELLULES", "CELDAS");
    public static readonly Text MainNoCellVoltages = T("main.no_cells", "NO CELL VOLTAGES SENT", "KEINE ZELLSPANNUNGEN", "GEEN CELSPANNINGEN", "AUCUNE TENSION DE CELLULE", "SIN TENSIONES DE CELDA");
    public static readonly Text MainWaiting = T("main.waiting", "Waiting for data", "Warte auf Daten", "Wachten op gegevens", "En attente de données", "Esperando datos");
    public static readonly Text FlagCharge = T("main.flag_charge", "CHARGE", "LADEN", "LADEN", "CHARGE", "CARGA");
    public static readonly Text FlagDischarge = T("main.flag_discharge", "DISCHARGE", "ENTLADEN", "ONTLADEN", "DÉCHARGE", "DESCARGA");
    public static readonly Text FlagHeat = T("main.flag_heat", "HEAT", "HEIZUNG", "VERWARMING", "CHAUFFAGE", "CALEFACCIÓN");
    public static readonly Text FlagPower = T("main.flag_power", "POWER", "VERSORGUNG", "VOEDING", "ALIM.", "ALIM.");
    public static readonly Text FlagUsbPower = T("main.flag_usb", "USB POWER", "USB-STROM", "VIA USB", "SUR USB", "ALIM. USB");
    public static readonly Text FlagPackPower = T("main.flag_pack", "PACK POWER", "AKKUSTROM", "VIA ACCU", "SUR BATT.", "ALIM. BAT.");
    public static readonly Text FlagForceCharge = T("main.flag_force", "FORCE CHARGE", "ZWANGSLADEN", "GEFORCEERD LADEN", "CHARGE FORCÉE", "CARGA FORZADA");

    // The controller's state inside the dial, and fault and protection names.
    public static readonly Text ContactorOpenCaps = T("state.contactor_open", "CONTACTOR OPEN", "SCHÜTZ OFFEN", "CONTACTOR OPEN", "CONTACTEUR OUVERT", "CONTACTOR ABIERTO");
    public static readonly Text ContactorsOpenCaps = T("state.contactors_open", "CONTACTORS OPEN", "SCHÜTZE OFFEN", "CONTACTOREN OPEN", "CONTACTEURS OUVERTS", "CONTACTORES ABIERTOS");
    public static readonly Text ContactorNegative = T("state.negative", "negative", "Minus", "min", "négatif", "negativo");
    public static readonly Text ContactorPositive = T("state.positive", "positive", "Plus", "plus", "positif", "positivo");
    public static readonly Text ContactorBoth = T("state.both", "both", "beide", "beide", "les deux", "ambos");
    public static readonly Text ContactorClosed = T("state.closed", "closed", "geschlossen", "gesloten", "fermé", "cerrado");
    public static readonly Text FaultCaps = T("state.fault", "FAULT {0}", "FEHLER {0}", "STORING {0}", "DÉFAUT {0}", "FALLO {0}");
    public static readonly Text FaultNamed = T("state.fault_named", "fault {0}: {1}", "Fehler {0}: {1}", "storing {0}: {1}", "défaut {0} : {1}", "fallo {0}: {1}");
    public static readonly Text FaultUnknown = T("state.fault_unknown", "fault {0} (unknown code)", "Fehler {0} (unbek. Code)", "storing {0} (onbekende code)", "défaut {0} (code inconnu)", "fallo {0} (código desconocido)");
    public static readonly Text UnknownCode = T("state.unknown_code", "unknown code", "unbekannter Code", "onbekende code", "code inconnu", "código desconocido");
    public static readonly Text LastReport = T("state.last_report", "last report", "letzte Meldung", "laatste melding", "dernier rapport", "último informe");
    public static readonly Text BmsProtectionCaps = T("state.bms_protection", "BMS PROTECTION", "BMS-SCHUTZ", "BMS-BEVEILIGING", "PROTECTION BMS", "PROTECCIÓN BMS");
    public static readonly Text AndMore = T("state.and_more", "and {0} more", "und {0} weitere", "en nog {0}", "et {0} de plus", "y {0} más");
    public static readonly Text FaultNone = T("fault.none", "none", "keiner", "geen", "aucun", "ninguno");
    public static readonly Text FaultCellUnderVoltage = T("fault.cell_under_voltage", "cell under-voltage", "Zell-Unterspannung", "onderspanning cel", "sous-tension cellule", "subtensión de celda");
    public static readonly Text FaultCellOverVoltage = T("fault.cell_over_voltage", "cell over-voltage", "Zell-Überspannung", "overspanning cel", "surtension cellule", "sobretensión de celda");
    public static readonly Text FaultModuleUnderTemperature = T("fault.module_under_temperature", "module under-temperature", "Modul-Untertemperatur", "module te koud", "module trop froid", "módulo demasiado frío");
    public static readonly Text FaultModuleOverTemperature = T("fault.module_over_temperature", "module over-temperature", "Modul-Übertemperatur", "module te warm", "module trop chaud", "módulo demasiado caliente");
    public static readonly Text FaultVoltageImbalance = T("fault.voltage_imbalance", "voltage imbalance", "Spannungsungleichheit", "spanningsonbalans", "déséquilibre de tension", "desequilibrio de tensión");
    public static readonly Text ProtectionOverVoltage = T("protection.over_voltage", "over-voltage", "Überspannung", "overspanning", "surtension", "sobretensión");
    public static readonly Text ProtectionUnderVoltage = T("protection.under_voltage", "under-voltage", "Unterspannung", "onderspanning", "sous-tension", "subtensión");
    public static readonly Text ProtectionOverTemperature = T("protection.over_temperature", "over-temperature", "Übertemperatur", "te warm", "trop chaud", "temperatura alta");
    public static readonly Text ProtectionUnderTemperature = T("protection.under_temperature", "under-temperature", "Untertemperatur", "te koud", "trop froid", "temperatura baja");
    public static readonly Text ProtectionDischargeOverCurrent = T("protection.discharge_over_current", "discharge over-current", "Entlade-Überstrom", "overstroom ontladen", "surintensité décharge", "sobrecorriente descarga");
    public static readonly Text ProtectionChargeOverCurrent = T("protection.charge_over_current", "charge over-current", "Lade-Überstrom", "overstroom laden", "surintensité charge", "sobrecorriente carga");
    public static readonly Text ProtectionSystemError = T("protection.system_error", "system error", "Systemfehler", "systeemfout", "erreur système", "error del sistema");

    // Time to full or empty.
    public static readonly Text FullIn = T("estimate.full_in", "Full in {0}", "Voll in {0}", "Vol over {0}", "Pleine dans {0}", "Llena en {0}");
    public static readonly Text EmptyIn = T("estimate.empty_in", "Empty in {0}", "Leer in {0}", "Leeg over {0}", "Vide dans {0}", "Vacía en {0}");
    public static readonly Text MoreThanHours = T("estimate.more_than", "more than {0} {1}", "mehr als {0} {1}", "meer dan {0} {1}", "plus de {0} {1}", "más de {0} {1}");

    // Alarms: titles, values, the banner and the alarm screen.
    public static readonly Text AlarmCellHigh = T("alarm.cell_high", "Cell voltage high", "Zellspannung hoch", "Celspanning hoog", "Tension cellule haute", "Tensión de celda alta");
    public static readonly Text AlarmCellLow = T("alarm.cell_low", "Cell voltage low", "Zellspannung niedrig", "Celspanning laag", "Tension cellule basse", "Tensión de celda baja");
    public static readonly Text AlarmCellSpread = T("alarm.cell_spread", "Cells out of balance", "Zellen ungleich", "Cellen uit balans", "Cellules déséquilibrées", "Celdas desequilibradas");
    public static readonly Text AlarmTemperatureHigh = T("alarm.temperature_high", "Temperature high", "Temperatur hoch", "Temperatuur hoog", "Température haute", "Temperatura alta");
    public static readonly Text AlarmTemperatureLow = T("alarm.temperature_low", "Temperature low", "Temperatur niedrig", "Temperatuur laag", "Température basse", "Temperatura baja");
    public static readonly Text AlarmSocLow = T("alarm.soc_low", "State of charge low", "Ladezustand niedrig", "Laadtoestand laag", "Charge faible", "Carga baja");
    public static readonly Text AlarmControllerLost = T("alarm.controller_lost", "Controller lost", "Controller fehlt", "Controller weg", "Contrôleur perdu", "Controlador perdido");
    public static readonly Text AlarmMqttDown = T("alarm.mqtt_down", "MQTT link down", "MQTT getrennt", "MQTT verbroken", "MQTT coupé", "MQTT caído");
    public static readonly Text AlarmContactorOpen = T("alarm.contactor_open", "Contactor open", "Schütz offen", "Contactor open", "Contacteur ouvert", "Contactor abierto");
    public static readonly Text AlarmControllerFault = T("alarm.controller_fault", "Controller fault", "Controller-Fehler", "Controllerstoring", "Défaut contrôleur", "Fallo del controlador");
    public static readonly Text AlarmBmsProtection = T("alarm.bms_protection", "Battery protection", "Akkuschutz", "Accubeveiliging", "Protection batterie", "Protección de batería");
    public static readonly Text ValueMillivoltsApart = T("alarm.mv_apart", "{0:0} mV apart", "{0:0} mV Differenz", "{0:0} mV verschil", "{0:0} mV d'écart", "{0:0} mV de diferencia");
    public static readonly Text ValueNoDataFor = T("alarm.no_data_for", "no data for {0}", "seit {0} keine Daten", "{0} geen gegevens", "aucune donnée depuis {0}", "sin datos desde hace {0}");
    public static readonly Text ValueDownFor = T("alarm.down_for", "down for {0}", "seit {0} getrennt", "{0} verbroken", "coupé depuis {0}", "caído desde hace {0}");
    public static readonly Text ValueContactorOpen = T("alarm.contactor_value", "{0} open", "{0} offen", "{0} open", "{0} ouvert", "{0} abierto");
    public static readonly Text ValueCodeNamed = T("alarm.code_named", "code {0}: {1}", "Code {0}: {1}", "code {0}: {1}", "code {0} : {1}", "código {0}: {1}");
    public static readonly Text ValueCodeUnknown = T("alarm.code_unknown", "code {0} (unknown)", "Code {0} (unbekannt)", "code {0} (onbekend)", "code {0} (inconnu)", "código {0} (desconocido)");
    public static readonly Text ValueFlags = T("alarm.flags", "flags {0}", "Flags {0}", "vlaggen {0}", "indicateurs {0}", "indicadores {0}");
    public static readonly Text BannerTapToAcknowledge = T("banner.tap", "TAP TO ACKNOWLEDGE", "TIPPEN ZUM QUITTIEREN", "TIK OM TE BEVESTIGEN", "TOUCHER POUR ACQUITTER", "TOQUE PARA CONFIRMAR");
    public static readonly Text BannerOneActive = T("banner.one_active", "1 ALARM ACTIVE", "1 ALARM AKTIV", "1 ALARM ACTIEF", "1 ALARME ACTIVE", "1 ALARMA ACTIVA");
    public static readonly Text BannerActive = T("banner.active", "{0} ALARMS ACTIVE", "{0} ALARME AKTIV", "{0} ALARMEN ACTIEF", "{0} ALARMES ACTIVES", "{0} ALARMAS ACTIVAS");
    public static readonly Text BannerMore = T("banner.more", "{0}  (+{1} more)", "{0}  (+{1} weitere)", "{0}  (+{1} meer)", "{0}  (+{1} autres)", "{0}  (+{1} más)");
    public static readonly Text BannerSince = T("banner.since", "  ·  since {0}", "  ·  seit {0}", "  ·  sinds {0}", "  ·  depuis {0}", "  ·  desde {0}");
    public static readonly Text AlarmsTitle = T("alarms.title", "ALARMS", "ALARME", "ALARMEN", "ALARMES", "ALARMAS");
    public static readonly Text Acknowledge = T("alarms.acknowledge", "ACKNOWLEDGE", "QUITTIEREN", "BEVESTIGEN", "ACQUITTER", "CONFIRMAR");
    public static readonly Text AlarmsRaisedNow = T("alarms.raised_now", "RAISED NOW", "JETZT AKTIV", "NU ACTIEF", "ACTIVES", "ACTIVAS AHORA");
    public static readonly Text AlarmsHistory = T("alarms.history", "HISTORY", "VERLAUF", "GESCHIEDENIS", "HISTORIQUE", "HISTORIAL");
    public static readonly Text AlarmsOff = T("alarms.off", "ALARMS ARE OFF", "ALARME SIND AUS", "ALARMEN STAAN UIT", "ALARMES DÉSACTIVÉES", "ALARMAS DESACTIVADAS");
    public static readonly Text AlarmsAllClear = T("alarms.all_clear", "ALL CLEAR", "ALLES IN ORDNUNG", "ALLES IN ORDE", "TOUT VA BIEN", "TODO EN ORDEN");
    public static readonly Text AlarmsOneRaised = T("alarms.one_raised", "1 ALARM RAISED", "1 ALARM AKTIV", "1 ALARM ACTIEF", "1 ALARME ACTIVE", "1 ALARMA ACTIVA");
    public static readonly Text AlarmsRaised = T("alarms.raised", "{0} ALARMS RAISED", "{0} ALARME AKTIV", "{0} ALARMEN ACTIEF", "{0} ALARMES ACTIVES", "{0} ALARMAS ACTIVAS");
    public static readonly Text AlarmsNoneRaised = T("alarms.none_raised", "No alarm is raised.", "Kein Alarm aktiv.", "Geen alarm actief.", "Aucune alarme active.", "Ninguna alarma activa.");
    public static readonly Text AlarmsNothingYet = T("alarms.nothing_yet", "Nothing has happened yet.", "Bisher nichts passiert.", "Nog niets gebeurd.", "Rien ne s'est encore passé.", "Aún no ha pasado nada.");
    public static readonly Text AlarmsSeen = T("alarms.seen", "   (seen)", "   (gesehen)", "   (gezien)", "   (vue)", "   (vista)");
    public static readonly Text EventRaised = T("alarms.event_raised", "RAISED", "AUSGELÖST", "GEMELD", "ACTIVÉE", "ACTIVADA");
    public static readonly Text EventCleared = T("alarms.event_cleared", "CLEARED", "BEHOBEN", "OPGELOST", "TERMINÉE", "RESUELTA");
    public static readonly Text EventSeen = T("alarms.event_seen", "SEEN", "GESEHEN", "GEZIEN", "VUE", "VISTA");
    public static readonly Text AlarmsEarlier = T("alarms.earlier", "… and {0} earlier (all of them at /api/alarms)", "… und {0} frühere (alle unter /api/alarms)", "… en {0} eerdere (alle op /api/alarms)", "… et {0} plus anciens (tous sur /api/alarms)", "… y {0} anteriores (todos en /api/alarms)");

    // Energy.
    public static readonly Text EnergyTitle = T("energy.title", "ENERGY", "ENERGIE", "ENERGIE", "ÉNERGIE", "ENERGÍA");
    public static readonly Text EnergyBasis = T("energy.basis", "COUNTED FROM PACK POWER EVERY SECOND · DAYS END AT LOCAL MIDNIGHT", "JEDE SEKUNDE AUS DER AKKULEISTUNG · TAGE ENDEN UM MITTERNACHT", "ELKE SECONDE UIT HET ACCUVERMOGEN · DAGEN TOT MIDDERNACHT", "COMPTÉ CHAQUE SECONDE SUR LA PUISSANCE · LES JOURS FINISSENT À MINUIT", "CONTADO CADA SEGUNDO DE LA POTENCIA · LOS DÍAS ACABAN A MEDIANOCHE");
    public static readonly Text EnergyToday = T("energy.today", "TODAY", "HEUTE", "VANDAAG", "AUJOURD'HUI", "HOY");
    public static readonly Text EnergyYesterday = T("energy.yesterday", "YESTERDAY", "GESTERN", "GISTEREN", "HIER", "AYER");
    public static readonly Text EnergyTotal = T("energy.total", "TOTAL", "GESAMT", "TOTAAL", "TOTAL", "TOTAL");
    public static readonly Text EnergyCharged = T("energy.charged", "CHARGED", "GELADEN", "GELADEN", "CHARGÉ", "CARGADO");
    public static readonly Text EnergyDischarged = T("energy.discharged", "DISCHARGED", "ENTLADEN", "ONTLADEN", "DÉCHARGÉ", "DESCARGADO");
    public static readonly Text EnergyRateBasis = T("energy.rate_basis", "At the present rate (a one-minute average) for a {0:0} Ah pack.", "Beim jetzigen Strom (Mittel über 1 min) für einen {0:0}-Ah-Akku.", "Bij de huidige stroom (gemiddelde over 1 min) voor een accu van {0:0} Ah.", "Au rythme actuel (moyenne sur 1 min) pour une batterie de {0:0} Ah.", "Al ritmo actual (media de 1 min) para una batería de {0:0} Ah.");
    public static readonly Text EnergyResting = T("energy.resting", "Resting: no time to full or empty", "Ruhe: keine Zeit bis voll oder leer", "Rust: geen tijd tot vol of leeg", "Au repos : pas de durée de charge", "En reposo: sin tiempo a lleno o vacío");
    public static readonly Text EnergyNoEstimate = T("energy.no_estimate", "No time to full or empty", "Keine Zeit bis voll oder leer", "Geen tijd tot vol of leeg", "Pas de durée jusqu'à plein ou vide", "Sin tiempo a lleno o vacío");
    public static readonly Text EnergyBelowHalfAmp = T("energy.below_half_amp", "The current is below half an amp.", "Der Strom liegt unter 0,5 A.", "De stroom is lager dan 0,5 A.", "Le courant est inférieur à 0,5 A.", "La corriente es inferior a 0,5 A.");
    public static readonly Text EnergySetCapacity = T("energy.set_capacity", "Set PACK CAPACITY on the limits page (settings, page 1).", "AKKUKAPAZITÄT auf der Grenzwerteseite setzen (Einstellungen, Seite 1).", "Stel ACCUCAPACITEIT in op de pagina grenzen (instellingen, pagina 1).", "Réglez la CAPACITÉ sur la page des limites (réglages, page 1).", "Ajuste la CAPACIDAD en la página de límites (ajustes, página 1).");

    // History screens.
    public static readonly Text PowerLogTitle = T("history.power_title", "POWER LOG (kW)", "LEISTUNGSVERLAUF (kW)", "VERMOGENSVERLOOP (kW)", "HISTORIQUE PUISSANCE (kW)", "HISTORIAL DE POTENCIA (kW)");
    public static readonly Text SocLogTitle = T("history.soc_title", "STATE OF CHARGE LOG", "LADEZUSTANDSVERLAUF", "VERLOOP LAADTOESTAND", "HISTORIQUE ÉTAT DE CHARGE", "HISTORIAL ESTADO DE CARGA");
    public static readonly Text PowerIn = T("history.in", "▲ IN", "▲ REIN", "▲ IN", "▲ ENTRÉE", "▲ ENTRA");
    public static readonly Text PowerOut = T("history.out", "▼ OUT", "▼ RAUS", "▼ UIT", "▼ SORTIE", "▼ SALE");
    public static readonly Text KilowattsNow = T("history.kw_now", " kW now", " kW jetzt", " kW nu", " kW maint.", " kW ahora");
    public static readonly Text PercentNow = T("history.percent_now", " % now", " % jetzt", " % nu", " % maint.", " % ahora");
    public static readonly Text LastMinutes = T("history.last_minutes", "last {0:0.#} minutes", "letzte {0:0.#} Minuten", "laatste {0:0.#} minuten", "dernières {0:0.#} minutes", "últimos {0:0.#} minutos");
    public static readonly Text LastHours = T("history.last_hours", "last {0:0.#} hours", "letzte {0:0.#} Stunden", "laatste {0:0.#} uur", "dernières {0:0.#} heures", "últimas {0:0.#} horas");
    public static readonly Text LastDays = T("history.last_days", "last {0:0.#} days", "letzte {0:0.#} Tage", "laatste {0:0.#} dagen", "derniers {0:0.#} jours", "últimos {0:0.#} días");
    public static readonly Text PerBar = T("history.per_bar", "{0} · {1} s per bar", "{0} · {1} s pro Balken", "{0} · {1} s per balk", "{0} · {1} s par barre", "{0} · {1} s por barra");

    // Cells.
    public static readonly Text CellsTitle = T("cells.title", "CELL VOLTAGES", "ZELLSPANNUNGEN", "CELSPANNINGEN", "TENSIONS CELLULES", "TENSIÓN DE CELDAS");
    public static readonly Text CellsHighest = T("cells.highest", "HIGHEST", "HÖCHSTE", "HOOGSTE", "MAXI", "MÁXIMA");
    public static readonly Text CellsLowest = T("cells.lowest", "LOWEST", "NIEDRIGSTE", "LAAGSTE", "MINI", "MÍNIMA");
    public static readonly Text CellsAverage = T("cells.average", "AVERAGE", "MITTEL", "GEMIDDELD", "MOYENNE", "MEDIA");
    public static readonly Text CellsWaiting = T("cells.waiting", "Waiting for cell voltages (0x68F)", "Warte auf Zellspannungen (0x68F)", "Wachten op celspanningen (0x68F)", "Attente des tensions de cellules (0x68F)", "Esperando tensiones de celda (0x68F)");
    public static readonly Text CellsPylontech = T("cells.pylontech", "This battery sends no cell voltages (Pylontech protocol)", "Dieser Akku sendet keine Zellspannungen (Pylontech)", "Deze accu stuurt geen celspanningen (Pylontech)", "Cette batterie n'envoie pas ses cellules (Pylontech)", "Esta batería no envía sus celdas (Pylontech)");
    public static readonly Text CellsNoneYet = T("cells.none_yet", "no cells reported yet", "noch keine Zellen gemeldet", "nog geen cellen gemeld", "aucune cellule signalée", "aún no hay celdas");
    public static readonly Text CellsOneModule = T("cells.one_module", "{0} cells · 1 module", "{0} Zellen · 1 Modul", "{0} cellen · 1 module", "{0} cellules · 1 module", "{0} celdas · 1 módulo");
    public static readonly Text CellsModules = T("cells.modules", "{0} cells · {1} modules", "{0} Zellen · {1} Module", "{0} cellen · {1} modules", "{0} cellules · {1} modules", "{0} celdas · {1} módulos");
    public static readonly Text CellsCutoffsUnknown = T("cells.cutoffs_unknown", "cutoffs not reported yet (0x652) · grey = module not heard from", "Abschaltwerte noch nicht gemeldet (0x652) · grau = Modul stumm", "afschakelwaarden nog niet gemeld (0x652) · grijs = module stil", "seuils pas encore reçus (0x652) · gris = module muet", "cortes aún no recibidos (0x652) · gris = módulo mudo");
    public static readonly Text CellsCutoffs = T("cells.cutoffs", "cutoffs {0:0.00} – {1:0.00} V · grey = module not heard from", "Abschaltung {0:0.00} – {1:0.00} V · grau = Modul stumm", "afschakeling {0:0.00} – {1:0.00} V · grijs = module stil", "seuils {0:0.00} – {1:0.00} V · gris = module muet", "cortes {0:0.00} – {1:0.00} V · gris = módulo mudo");
    public static readonly Text CellsHi = T("cells.hi", "HI ", "MAX ", "MAX ", "MAX ", "MÁX ");
    public static readonly Text CellsLo = T("cells.lo", "LO ", "MIN ", "MIN ", "MIN ", "MÍN ");

    // Settings pages: the frame.
    public static readonly Text SettingsPageOf = T("settings.page_of", "SETTINGS · PAGE {0} OF {1}", "EINSTELLUNGEN · SEITE {0} VON {1}", "INSTELLINGEN · PAGINA {0} VAN {1}", "RÉGLAGES · PAGE {0} SUR {1}", "AJUSTES · PÁGINA {0} DE {1}");
    public static readonly Text SettingsCancelled = T("settings.cancelled", "Cancelled.", "Abgebrochen.", "Geannuleerd.", "Annulé.", "Cancelado.");
    public static readonly Text SettingsFailed = T("settings.failed", "Failed: {0}", "Fehler: {0}", "Mislukt: {0}", "Échec : {0}", "Error: {0}");
    public static readonly Text LeaveTitle = T("settings.leave_title", "Leave without saving?", "Ohne Speichern verlassen?", "Verlaten zonder opslaan?", "Quitter sans enregistrer ?", "¿Salir sin guardar?");
    public static readonly Text LeaveOne = T("settings.leave_one", "1 change will be lost.\nPress SAVE first to keep it.", "1 Änderung geht verloren.\nErst SPEICHERN, um sie zu behalten.", "1 wijziging gaat verloren.\nDruk eerst op OPSLAAN om die te houden.", "1 modification sera perdue.\nAppuyez d'abord sur VALIDER.", "Se perderá 1 cambio.\nPulse antes GUARDAR para conservarlo.");
    public static readonly Text LeaveMany = T("settings.leave_many", "{0} changes will be lost.\nPress SAVE first to keep them.", "{0} Änderungen gehen verloren.\nErst SPEICHERN, um sie zu behalten.", "{0} wijzigingen gaan verloren.\nDruk eerst op OPSLAAN om ze te houden.", "{0} modifications seront perdues.\nAppuyez d'abord sur VALIDER.", "Se perderán {0} cambios.\nPulse antes GUARDAR para conservarlos.");
    public static readonly Text Discard = T("settings.discard", "DISCARD", "VERWERFEN", "WEGGOOIEN", "ABANDONNER", "DESCARTAR");
    public static readonly Text NothingToSave = T("settings.nothing", "Nothing changed: nothing to save.", "Nichts geändert: nichts zu speichern.", "Niets gewijzigd: niets op te slaan.", "Rien n'a changé : rien à enregistrer.", "Nada ha cambiado: nada que guardar.");
    public static readonly Text SendingLimits = T("settings.sending_limits", "Sending limits to the controller…", "Grenzwerte gehen an den Controller…", "Grenzen naar de controller…", "Envoi des limites au contrôleur…", "Enviando límites al controlador…");
    public static readonly Text AfterRestart = T("settings.after_restart", "{0} (after a restart)", "{0} (nach Neustart)", "{0} (na herstart)", "{0} (après redémarrage)", "{0} (tras reiniciar)");

    // Page 1: controller limits.
    public static readonly Text LimitsTitle = T("limits.title", "CONTROLLER LIMITS", "CONTROLLER-GRENZWERTE", "CONTROLLERGRENZEN", "LIMITES DU CONTRÔLEUR", "LÍMITES DEL CONTROLADOR");
    public static readonly Text LimitsHighCutoff = T("limits.high_cutoff", "HIGH CELL CUTOFF", "ZELLGRENZE OBEN", "AFSCHAKELEN HOOG", "COUPURE HAUTE", "CORTE CELDA ALTA");
    public static readonly Text LimitsLowCutoff = T("limits.low_cutoff", "LOW CELL CUTOFF", "ZELLGRENZE UNTEN", "AFSCHAKELEN LAAG", "COUPURE BASSE", "CORTE CELDA BAJA");
    public static readonly Text LimitsBalance = T("limits.balance", "BALANCE VOLTAGE", "BALANCIERSPANNUNG", "BALANCEERSPANNING", "SEUIL ÉQUILIBRAGE", "TENSIÓN EQUILIBRIO");
    public static readonly Text LimitsHysteresis = T("limits.hysteresis", "BALANCE HYSTERESIS", "BALANCIER-HYSTERESE", "BALANCEERHYSTERESE", "HYSTÉRÉSIS ÉQUIL.", "HISTÉRESIS EQUIL.");
    public static readonly Text LimitsOverTemperature = T("limits.over_temperature", "OVER-TEMPERATURE", "ÜBERTEMPERATUR", "OVERTEMPERATUUR", "SURCHAUFFE", "SOBRETEMPERATURA");
    public static readonly Text LimitsUnderTemperature = T("limits.under_temperature", "UNDER-TEMPERATURE", "UNTERTEMPERATUR", "ONDERTEMPERATUUR", "SOUS-TEMPÉRATURE", "BAJA TEMPERATURA");
    public static readonly Text LimitsCapacity = T("limits.capacity", "PACK CAPACITY", "AKKUKAPAZITÄT", "ACCUCAPACITEIT", "CAPACITÉ", "CAPACIDAD");
    public static readonly Text LimitsChargeVoltage = T("limits.charge_voltage", "CHARGE VOLTAGE LIMIT", "LADESPANNUNG MAX.", "MAX. LAADSPANNING", "TENSION DE CHARGE MAX.", "TENSIÓN DE CARGA MÁX.");
    public static readonly Text LimitsChargeCurrent = T("limits.charge_current", "CHARGE CURRENT LIMIT", "LADESTROM MAX.", "MAX. LAADSTROOM", "COURANT DE CHARGE MAX.", "CORRIENTE DE CARGA MÁX.");
    public static readonly Text LimitsDischargeCurrent = T("limits.discharge_current", "DISCHARGE CURRENT LIMIT", "ENTLADESTROM MAX.", "MAX. ONTLAADSTROOM", "COURANT DE DÉCHARGE MAX.", "CORRIENTE DE DESCARGA MÁX.");
    public static readonly Text LimitsDischargeVoltage = T("limits.discharge_voltage", "DISCHARGE VOLTAGE LIMIT", "ENTLADESPANNUNG MIN.", "MIN. ONTLAADSPANNING", "TENSION DE DÉCHARGE MIN.", "TENSIÓN DE DESCARGA MÍN.");
    public static readonly Text LimitsHealth = T("limits.health", "STATE OF HEALTH", "GESUNDHEIT (SOH)", "GEZONDHEID (SOH)", "ÉTAT DE SANTÉ", "ESTADO DE SALUD");
    public static readonly Text LimitsChargeCommand = T("limits.charge_command", "CHARGE COMMAND (TCCH) {0:0.0} A  ·  FREQUENCY SHIFT AT {1:0.00} V", "LADEBEFEHL (TCCH) {0:0.0} A  ·  FREQUENZVERSCHIEBUNG BEI {1:0.00} V", "LAADOPDRACHT (TCCH) {0:0.0} A  ·  FREQUENTIEVERSCHUIVING BIJ {1:0.00} V", "CONSIGNE DE CHARGE (TCCH) {0:0.0} A  ·  DÉCALAGE DE FRÉQUENCE À {1:0.00} V", "ORDEN DE CARGA (TCCH) {0:0.0} A  ·  CAMBIO DE FRECUENCIA A {1:0.00} V");
    public static readonly Text LimitsPylontech = T("limits.pylontech", "This battery speaks the Pylontech protocol: it sets these limits itself (0x351) and takes none from here.", "Dieser Akku spricht Pylontech: er setzt diese Grenzwerte selbst (0x351) und nimmt keine an.", "Deze accu spreekt Pylontech: hij stelt deze grenzen zelf in (0x351) en neemt er geen aan.", "Cette batterie parle Pylontech : elle fixe ces limites elle-même (0x351) et n'en reçoit aucune.", "Esta batería habla Pylontech: fija estos límites ella misma (0x351) y no acepta ninguno.");
    public static readonly Text LimitsCutoffs = T("limits.cutoffs", "Cutoffs {0:0.00}–{1:0.00} V as the controller reports them (0x652). Sent to it over TCP on SAVE.", "Abschaltung {0:0.00}–{1:0.00} V laut Controller (0x652). SPEICHERN sendet per TCP.", "Afschakeling {0:0.00}–{1:0.00} V volgens de controller (0x652). OPSLAAN stuurt via TCP.", "Coupures {0:0.00}–{1:0.00} V selon le contrôleur (0x652). VALIDER les envoie par TCP.", "Cortes {0:0.00}–{1:0.00} V según el controlador (0x652). GUARDAR los envía por TCP.");
    public static readonly Text LimitsCutoffsUnknown = T("limits.cutoffs_unknown", "The controller has not reported its cutoffs yet (0x652). Limits are sent to it over TCP on SAVE.", "Der Controller hat noch keine Abschaltwerte gemeldet (0x652). SPEICHERN sendet per TCP.", "De controller heeft nog geen afschakelwaarden gemeld (0x652). OPSLAAN stuurt via TCP.", "Le contrôleur n'a pas encore donné ses coupures (0x652). VALIDER les envoie par TCP.", "El controlador aún no ha enviado sus cortes (0x652). GUARDAR los envía por TCP.");

    // Page 2: alarms.
    public static readonly Text AlarmSpread = T("alarmset.spread", "CELLS APART BY", "ZELLDIFFERENZ AB", "CELVERSCHIL VANAF", "ÉCART CELLULES", "DIFERENCIA CELDAS");
    public static readonly Text AlarmHot = T("alarmset.hot", "HOTTER THAN", "WÄRMER ALS", "WARMER DAN", "PLUS CHAUD QUE", "MÁS CALIENTE QUE");
    public static readonly Text AlarmCold = T("alarmset.cold", "COLDER THAN", "KÄLTER ALS", "KOUDER DAN", "PLUS FROID QUE", "MÁS FRÍO QUE");
    public static readonly Text AlarmSocBelow = T("alarmset.soc", "SOC BELOW", "LADUNG UNTER", "LADING ONDER", "CHARGE SOUS", "CARGA BAJO");
    public static readonly Text AlarmNoData = T("alarmset.no_data", "NO DATA FOR", "KEINE DATEN SEIT", "GEEN GEGEVENS", "SANS DONNÉES", "SIN DATOS");
    public static readonly Text AlarmMqtt = T("alarmset.mqtt", "MQTT DOWN FOR", "MQTT GETRENNT", "MQTT WEG", "MQTT COUPÉ", "MQTT CAÍDO");
    public static readonly Text AlarmNote = T("alarmset.note", "Cell voltage alarms follow the controller's cutoffs (page 1). SOC 0 % switches the SOC alarm off.", "Zellspannungsalarme folgen den Abschaltwerten (Seite 1). Ladung 0 % schaltet den Alarm ab.", "Celspanningsalarmen volgen de afschakelwaarden (pagina 1). Lading 0 % zet dat alarm uit.", "Les alarmes de tension suivent les coupures (page 1). Charge 0 % coupe l'alarme de charge.", "Las alarmas de tensión siguen los cortes (página 1). Carga 0 % apaga la alarma de carga.");

    // Page 3: communications.
    public static readonly Text CommsTitle = T("comms.title", "COMMUNICATIONS", "KOMMUNIKATION", "COMMUNICATIE", "COMMUNICATIONS", "COMUNICACIONES");
    public static readonly Text CommsUdpPort = T("comms.udp_port", "UDP PORT", "UDP-PORT", "UDP-POORT", "PORT UDP", "PUERTO UDP");
    public static readonly Text CommsCan = T("comms.can", "CAN INTERFACE", "CAN-SCHNITTSTELLE", "CAN-INTERFACE", "INTERFACE CAN", "INTERFAZ CAN");
    public static readonly Text CommsCanOff = T("comms.can_off", "off (UDP only)", "aus (nur UDP)", "uit (alleen UDP)", "non (UDP seul)", "no (solo UDP)");
    public static readonly Text CommsBroker = T("comms.broker", "BROKER URL", "BROKER-URL", "BROKER-URL", "URL DU BROKER", "URL DEL BROKER");
    public static readonly Text CommsBmsId = T("comms.bms_id", "BMS ID (MQTT topic)", "BMS-ID (MQTT-Topic)", "BMS-ID (MQTT-topic)", "ID BMS (sujet MQTT)", "ID BMS (tema MQTT)");
    public static readonly Text CommsDisplayId = T("comms.display_id", "DISPLAY ID", "DISPLAY-ID", "DISPLAY-ID", "ID DE L'ÉCRAN", "ID DE PANTALLA");
    public static readonly Text NotSet = T("comms.not_set", "not set", "nicht gesetzt", "niet ingesteld", "non défini", "sin definir");
    public static readonly Text CommsSender = T("comms.sender", "SENDER", "SENDER", "ZENDER", "ÉMETTEUR", "EMISOR");
    public static readonly Text CommsReceiver = T("comms.receiver", "RECEIVER", "EMPFÄNGER", "ONTVANGER", "RÉCEPTEUR", "RECEPTOR");
    public static readonly Text CommsDatabase = T("comms.database", "LOG TO DATABASE", "DATENBANK", "DATABASE", "BASE DE DONNÉES", "BASE DE DATOS");
    public static readonly Text CommsCurrentSign = T("comms.current_sign", "CURRENT SIGN (0x150)", "STROMRICHTUNG (0x150)", "STROOMTEKEN (0x150)", "SIGNE COURANT (0x150)", "SIGNO CORRIENTE (0x150)");
    public static readonly Text CommsNormal = T("comms.normal", "NORMAL", "NORMAL", "NORMAAL", "NORMAL", "NORMAL");
    public static readonly Text CommsInverted = T("comms.inverted", "INVERTED", "INVERS", "OMGEKEERD", "INVERSÉ", "INVERTIDO");
    public static readonly Text CommsProtocol = T("comms.protocol", "BATTERY PROTOCOL", "AKKU-PROTOKOLL", "ACCUPROTOCOL", "PROTOCOLE BATTERIE", "PROTOCOLO BATERÍA");
    public static readonly Text CommsExplainSender = T("comms.explain_sender", "SENDER: also relays the data to {0} every 500 ms", "SENDER: schickt die Daten auch alle 500 ms an {0}", "ZENDER: stuurt de gegevens ook elke 500 ms naar {0}", "ÉMETTEUR : relaie aussi les données vers {0} (500 ms)", "EMISOR: reenvía también los datos a {0} cada 500 ms");
    public static readonly Text CommsExplainReceiver = T("comms.explain_receiver", "RECEIVER: shows {0}; the UDP port is not used", "EMPFÄNGER: zeigt {0}; der UDP-Port ruht", "ONTVANGER: toont {0}; de UDP-poort wordt niet gebruikt", "RÉCEPTEUR : affiche {0} ; le port UDP ne sert pas", "RECEPTOR: muestra {0}; no se usa el puerto UDP");
    public static readonly Text CommsExplainOff = T("comms.explain_off", "MQTT OFF: data only from the controller on the UDP port", "MQTT AUS: Daten nur vom Controller über den UDP-Port", "MQTT UIT: gegevens alleen van de controller via de UDP-poort", "MQTT NON : données du contrôleur sur le port UDP seulement", "MQTT NO: datos solo del controlador por el puerto UDP");

    // Page 4: display.
    public static readonly Text DisplayTitle = T("display.title", "DISPLAY", "ANZEIGE", "SCHERM", "AFFICHAGE", "PANTALLA");
    public static readonly Text DisplayBrightness = T("display.brightness", "BRIGHTNESS", "HELLIGKEIT", "HELDERHEID", "LUMINOSITÉ", "BRILLO");
    public static readonly Text DisplaySleep = T("display.sleep", "SCREEN SLEEP AFTER", "BILDSCHIRM AUS NACH", "SCHERM UIT NA", "VEILLE DE L'ÉCRAN APRÈS", "APAGAR PANTALLA TRAS");
    public static readonly Text DisplayNever = T("display.never", "NEVER", "NIE", "NOOIT", "JAMAIS", "NUNCA");
    public static readonly Text DisplayRotation = T("display.rotation", "ROTATION", "DREHUNG", "DRAAIING", "ROTATION", "ROTACIÓN");
    public static readonly Text DisplayTemperatures = T("display.temperatures", "TEMPERATURES", "TEMPERATUREN", "TEMPERATUREN", "TEMPÉRATURES", "TEMPERATURAS");
    public static readonly Text DisplayLanguageCaption = T("display.language", "LANGUAGE", "SPRACHE", "TAAL", "LANGUE", "IDIOMA");
    public static readonly Text DisplayTouch = T("display.touch", "TOUCH", "TOUCH", "TOUCH", "TACTILE", "TÁCTIL");
    public static readonly Text DisplayCalibrate = T("display.calibrate", "CALIBRATE TOUCH", "TOUCH KALIBRIEREN", "TOUCH KALIBREREN", "CALIBRER LE TACTILE", "CALIBRAR TÁCTIL");
    public static readonly Text DisplaySharing = T("display.sharing", "SCREEN SHARING PASSWORD", "FREIGABE-PASSWORT", "WACHTWOORD SCHERM DELEN", "MOT DE PASSE PARTAGE", "CONTRASEÑA DE COMPARTIR");
    public static readonly Text DisplaySharingOff = T("display.sharing_off", "not set: sharing off", "nicht gesetzt: Freigabe aus", "niet ingesteld: delen uit", "non défini : partage coupé", "sin definir: no se comparte");
    public static readonly Text DisplayNewCalibration = T("display.new_calibration", "New calibration: press SAVE to keep it", "Neu: SPEICHERN, um sie zu behalten", "Nieuw: druk op OPSLAAN om te houden", "Nouvelle : VALIDER pour garder", "Nueva: pulse GUARDAR para conservar");
    public static readonly Text DisplayNotCalibrated = T("display.not_calibrated", "Not calibrated (factory mapping)", "Nicht kalibriert (ab Werk)", "Niet gekalibreerd (fabriek)", "Non calibré (réglage d'usine)", "Sin calibrar (de fábrica)");
    public static readonly Text DisplayCalibrated = T("display.calibrated", "Calibrated", "Kalibriert", "Gekalibreerd", "Calibré", "Calibrado");

    // Page 5: network.
    public static readonly Text NetworkTitle = T("network.title", "NETWORK", "NETZWERK", "NETWERK", "RÉSEAU", "RED");
    public static readonly Text NetworkWifi = T("network.wifi", "WI-FI NETWORKS", "WLAN-NETZE", "WIFI-NETWERKEN", "RÉSEAUX WI-FI", "REDES WI-FI");
    public static readonly Text NetworkTapScan = T("network.tap_scan", "Tap SCAN to look for networks", "SUCHEN tippen, um Netze zu finden", "Tik op ZOEKEN om netwerken te vinden", "Touchez CHERCHER pour les réseaux", "Toque BUSCAR para ver las redes");
    public static readonly Text NetworkScan = T("network.scan", "SCAN", "SUCHEN", "ZOEKEN", "CHERCHER", "BUSCAR");
    public static readonly Text NetworkAddressMethod = T("network.method", "IP ADDRESS", "IP-ADRESSE", "IP-ADRES", "ADRESSE IP", "DIRECCIÓN IP");
    public static readonly Text NetworkStatic = T("network.static", "STATIC", "STATISCH", "VAST", "FIXE", "FIJA");
    public static readonly Text NetworkAddress = T("network.address", "ADDRESS / PREFIX", "ADRESSE / PRÄFIX", "ADRES / PREFIX", "ADRESSE / PRÉFIXE", "DIRECCIÓN / PREFIJO");
    public static readonly Text NetworkGateway = T("network.gateway", "GATEWAY (ROUTER)", "GATEWAY (ROUTER)", "GATEWAY (ROUTER)", "PASSERELLE (BOX)", "PUERTA DE ENLACE");
    public static readonly Text NetworkDns = T("network.dns", "DNS SERVER", "DNS-SERVER", "DNS-SERVER", "SERVEUR DNS", "SERVIDOR DNS");
    public static readonly Text NetworkBadIp = T("network.bad_ip", "Four numbers with dots, e.g. 192.168.1.1", "Vier Zahlen mit Punkten, z. B. 192.168.1.1", "Vier getallen met punten, bv. 192.168.1.1", "Quatre nombres et des points, ex. 192.168.1.1", "Cuatro números con puntos, p. ej. 192.168.1.1");
    public static readonly Text NetworkBadCidr = T("network.bad_cidr", "Address/prefix, e.g. 192.168.1.72/24", "Adresse/Präfix, z. B. 192.168.1.72/24", "Adres/prefix, bv. 192.168.1.72/24", "Adresse/préfixe, ex. 192.168.1.72/24", "Dirección/prefijo, p. ej. 192.168.1.72/24");
    public static readonly Text NetworkScanning = T("network.scanning", "Scanning…", "Suche läuft…", "Zoeken…", "Recherche…", "Buscando…");
    public static readonly Text NetworkNone = T("network.none", "No networks in range", "Keine Netze in Reichweite", "Geen netwerken in bereik", "Aucun réseau à portée", "No hay redes al alcance");
    public static readonly Text NetworkOneFound = T("network.one_found", "1 network · tap it to join", "1 Netz · antippen zum Verbinden", "1 netwerk · tik om te verbinden", "1 réseau · touchez pour rejoindre", "1 red · tóquela para unirse");
    public static readonly Text NetworkFound = T("network.found", "{0} networks · tap one to join", "{0} Netze · antippen zum Verbinden", "{0} netwerken · tik om te verbinden", "{0} réseaux · touchez pour rejoindre", "{0} redes · toque una para unirse");
    public static readonly Text NetworkNoList = T("network.no_list", "No list: see the message below", "Keine Liste: siehe Meldung unten", "Geen lijst: zie de melding hieronder", "Pas de liste : voir le message", "Sin lista: vea el mensaje abajo");
    public static readonly Text NetworkScanFailed = T("network.scan_failed", "Scan failed", "Suche fehlgeschlagen", "Zoeken mislukt", "Échec de la recherche", "Búsqueda fallida");
    public static readonly Text NetworkPasswordFor = T("network.password_for", "PASSWORD FOR {0}", "PASSWORT FÜR {0}", "WACHTWOORD VOOR {0}", "MOT DE PASSE DE {0}", "CONTRASEÑA DE {0}");
    public static readonly Text NetworkPasswordLength = T("network.password_length", "8 to 63 characters", "8 bis 63 Zeichen", "8 tot 63 tekens", "8 à 63 caractères", "De 8 a 63 caracteres");
    public static readonly Text NetworkJoining = T("network.joining", "Joining {0}…", "Verbinde mit {0}…", "Verbinden met {0}…", "Connexion à {0}…", "Conectando a {0}…");
    public static readonly Text NetworkConnected = T("network.connected", "Connected to {0}.", "Verbunden mit {0}.", "Verbonden met {0}.", "Connecté à {0}.", "Conectado a {0}.");
    public static readonly Text NetworkDhcpSet = T("network.dhcp_set", "Address from DHCP.", "Adresse per DHCP.", "Adres via DHCP.", "Adresse par DHCP.", "Dirección por DHCP.");
    public static readonly Text NetworkStaticSet = T("network.static_set", "Static address {0}.", "Feste Adresse {0}.", "Vast adres {0}.", "Adresse fixe {0}.", "Dirección fija {0}.");
    public static readonly Text NetworkNoConnection = T("network.no_connection", "No active connection on {0}.", "Keine aktive Verbindung auf {0}.", "Geen actieve verbinding op {0}.", "Aucune connexion active sur {0}.", "Sin conexión activa en {0}.");
    public static readonly Text NetworkNoConnectionToChange = T("network.no_connection_change", "No active connection on {0} to change.", "Keine aktive Verbindung auf {0} zum Ändern.", "Geen actieve verbinding op {0} om te wijzigen.", "Aucune connexion active sur {0} à modifier.", "Sin conexión activa en {0} que cambiar.");
    public static readonly Text NetworkNoNmcli = T("network.no_nmcli", "nmcli not found: Wi-Fi and address setup need NetworkManager.", "nmcli fehlt: WLAN und Adresse brauchen NetworkManager.", "nmcli ontbreekt: wifi en adres vragen NetworkManager.", "nmcli introuvable : Wi-Fi et adresse exigent NetworkManager.", "Falta nmcli: wifi y dirección necesitan NetworkManager.");
    public static readonly Text NetworkWrongPassword = T("network.wrong_password", "Wrong password for {0}: not joined", "Falsches Passwort für {0}: nicht verbunden", "Verkeerd wachtwoord voor {0}: niet verbonden", "Mot de passe incorrect pour {0} : non connecté", "Contraseña incorrecta para {0}: sin conexión");
    public static readonly Text WifiHidden = T("network.hidden", "(hidden)", "(verborgen)", "(verborgen)", "(masqué)", "(oculta)");
    public static readonly Text WifiOpen = T("network.open", "open", "offen", "open", "ouvert", "abierta");

    // Page 6: system.
    public static readonly Text SystemTitle = T("system.title", "SYSTEM", "SYSTEM", "SYSTEEM", "SYSTÈME", "SISTEMA");
    public static readonly Text SystemLog = T("system.log", "BATTERY LOG (PowerSafe100.log)", "AKKU-LOG (PowerSafe100.log)", "ACCULOG (PowerSafe100.log)", "JOURNAL (PowerSafe100.log)", "REGISTRO (PowerSafe100.log)");
    public static readonly Text SystemResetLog = T("system.reset_log", "RESET LOG", "LOG LÖSCHEN", "LOG WISSEN", "EFFACER LOG", "BORRAR LOG");
    public static readonly Text SystemEraseTitle = T("system.erase_title", "Erase the battery log?", "Akku-Log löschen?", "Acculog wissen?", "Effacer le journal ?", "¿Borrar el registro?");
    public static readonly Text SystemEraseText = T("system.erase_text", "PowerSafe100.log will be emptied.\nAll logged data will be lost.", "PowerSafe100.log wird geleert.\nAlle Logdaten gehen verloren.", "PowerSafe100.log wordt geleegd.\nAlle gelogde gegevens gaan verloren.", "PowerSafe100.log sera vidé.\nToutes les données seront perdues.", "PowerSafe100.log se vaciará.\nSe perderán todos los datos.");
    public static readonly Text SystemEraseLog = T("system.erase_log", "ERASE LOG", "LÖSCHEN", "WISSEN", "EFFACER", "BORRAR");
    public static readonly Text SystemCopyLog = T("system.copy_log", "COPY LOG", "LOG KOPIEREN", "LOG KOPIËREN", "COPIER LOG", "COPIAR LOG");
    public static readonly Text SystemCopying = T("system.copying", "Copying the log to the drive BATTERY…", "Log wird auf das Laufwerk BATTERY kopiert…", "Log wordt naar de schijf BATTERY gekopieerd…", "Copie du journal sur la clé BATTERY…", "Copiando el registro a la unidad BATTERY…");
    public static readonly Text SystemSoftware = T("system.software", "SOFTWARE AND POWER", "SOFTWARE UND STROM", "SOFTWARE EN STROOM", "LOGICIEL ET ALIMENTATION", "SOFTWARE Y ENERGÍA");
    public static readonly Text SystemUpdateSoftware = T("system.update_software", "UPDATE SOFTWARE", "SOFTWARE AKTUALISIEREN", "SOFTWARE BIJWERKEN", "METTRE À JOUR", "ACTUALIZAR SOFTWARE");
    public static readonly Text SystemUpdateTitle = T("system.update_title", "Update the software?", "Software aktualisieren?", "Software bijwerken?", "Mettre à jour le logiciel ?", "¿Actualizar el software?");
    public static readonly Text SystemUpdateText = T("system.update_text", "The new version is installed beside this one\nand the display restarts.", "Die neue Version kommt neben diese,\ndann startet die Anzeige neu.", "De nieuwe versie komt naast deze\nen het scherm herstart.", "La nouvelle version s'installe à côté\npuis l'écran redémarre.", "La nueva versión se instala al lado\ny la pantalla se reinicia.");
    public static readonly Text SystemUpdate = T("system.update", "UPDATE", "AKTUALISIEREN", "BIJWERKEN", "METTRE À JOUR", "ACTUALIZAR");
    public static readonly Text SystemRestart = T("system.restart", "RESTART", "NEUSTART", "HERSTARTEN", "REDÉMARRER", "REINICIAR");
    public static readonly Text SystemRestartTitle = T("system.restart_title", "Restart the display?", "Anzeige neu starten?", "Scherm herstarten?", "Redémarrer l'écran ?", "¿Reiniciar la pantalla?");
    public static readonly Text SystemRestartText = T("system.restart_text", "It comes back in about a minute.", "Sie ist in etwa einer Minute zurück.", "Het is binnen een minuut terug.", "Il revient dans une minute environ.", "Vuelve en un minuto más o menos.");
    public static readonly Text SystemShutdown = T("system.shutdown", "SHUT DOWN", "AUSSCHALTEN", "UITSCHAKELEN", "ÉTEINDRE", "APAGAR");
    public static readonly Text SystemShutdownTitle = T("system.shutdown_title", "Shut the display down?", "Anzeige ausschalten?", "Scherm uitschakelen?", "Éteindre l'écran ?", "¿Apagar la pantalla?");
    public static readonly Text SystemShutdownText = T("system.shutdown_text", "Unplug and replug the power\nto start it again.", "Zum Einschalten den Strom\nab- und wieder anstecken.", "Haal de stroom eraf en weer erop\nom het weer te starten.", "Débranchez puis rebranchez\nl'alimentation pour le rallumer.", "Desenchufe y vuelva a enchufar\npara encenderla de nuevo.");
    public static readonly Text SystemExit = T("system.exit", "EXIT TO CONSOLE", "ZUR KONSOLE", "NAAR DE CONSOLE", "QUITTER VERS CONSOLE", "SALIR A CONSOLA");
    public static readonly Text SystemExitTitle = T("system.exit_title", "Exit to the console?", "Zur Konsole wechseln?", "Naar de console?", "Quitter vers la console ?", "¿Salir a la consola?");
    public static readonly Text SystemExitText = T("system.exit_text", "The display program stops;\nlogging stops with it.", "Das Anzeigeprogramm endet,\ndas Loggen mit ihm.", "Het schermprogramma stopt;\nhet loggen ook.", "Le programme s'arrête,\nl'enregistrement aussi.", "El programa se detiene\ny el registro también.");
    public static readonly Text SystemExitButton = T("system.exit_button", "EXIT", "BEENDEN", "STOPPEN", "QUITTER", "SALIR");
    public static readonly Text SystemAbout = T("system.about", "ABOUT", "INFO", "INFO", "À PROPOS", "ACERCA DE");
    public static readonly Text SystemBackupCaption = T("system.backup", "BACKUP: HOLDS PASSWORDS AND KEYS", "SICHERUNG: MIT PASSWÖRTERN", "BACK-UP: MET WACHTWOORDEN", "SAUVEGARDE : AVEC MOTS DE PASSE", "COPIA: CON CONTRASEÑAS");
    public static readonly Text SystemSaveSettings = T("system.save_settings", "SAVE SETTINGS TO USB", "EINSTELLUNGEN AUF USB", "INSTELLINGEN NAAR USB", "RÉGLAGES VERS USB", "AJUSTES A USB");
    public static readonly Text SystemSaveSettingsTitle = T("system.save_settings_title", "Save the settings to USB?", "Einstellungen auf USB sichern?", "Instellingen op USB zetten?", "Réglages sur la clé USB ?", "¿Guardar los ajustes en USB?");
    public static readonly Text SystemSaveSettingsText = T("system.save_settings_text", "The file holds the MQTT and VNC passwords,\nthe Wi-Fi keys and the MQTT private key:\nkeep the drive safe.", "Die Datei enthält MQTT- und VNC-Passwörter,\nWLAN-Schlüssel und den MQTT-Schlüssel:\nden Stick sicher aufbewahren.", "Het bestand bevat MQTT- en VNC-wachtwoorden,\nwifi-sleutels en de MQTT-sleutel:\nbewaar de stick veilig.", "Le fichier contient les mots de passe MQTT\net VNC, les clés Wi-Fi et la clé MQTT :\ngardez la clé USB en lieu sûr.", "El archivo lleva las contraseñas MQTT y VNC,\nlas claves Wi-Fi y la clave MQTT:\nguarde la memoria en lugar seguro.");
    public static readonly Text SystemSavingSettings = T("system.saving_settings", "Saving the settings to the drive BATTERY…", "Einstellungen werden auf BATTERY gesichert…", "Instellingen worden op BATTERY gezet…", "Réglages en cours d'écriture sur BATTERY…", "Guardando los ajustes en BATTERY…");
    public static readonly Text SystemLoadSettings = T("system.load_settings", "LOAD SETTINGS FROM USB", "EINSTELLUNGEN VON USB", "INSTELLINGEN VAN USB", "RÉGLAGES DEPUIS USB", "AJUSTES DESDE USB");
    public static readonly Text SystemLoadSettingsTitle = T("system.load_settings_title", "Load the settings from USB?", "Einstellungen von USB laden?", "Instellingen van USB laden?", "Charger les réglages USB ?", "¿Cargar los ajustes de USB?");
    public static readonly Text SystemLoadSettingsText = T("system.load_settings_text", "Settings, certificates and Wi-Fi networks\nbecome those of the file on BATTERY.\nRESTART afterwards to use them.", "Einstellungen, Zertifikate und WLANs\nwerden die der Datei auf BATTERY.\nDanach NEUSTART, um sie zu nutzen.", "Instellingen, certificaten en wifi\nworden die van het bestand op BATTERY.\nDaarna HERSTARTEN om ze te gebruiken.", "Réglages, certificats et réseaux Wi-Fi\ndeviennent ceux du fichier sur BATTERY.\nPuis REDÉMARRER pour les appliquer.", "Ajustes, certificados y redes Wi-Fi\npasan a ser los del archivo en BATTERY.\nLuego REINICIAR para usarlos.");
    public static readonly Text SystemLoad = T("system.load", "LOAD", "LADEN", "LADEN", "CHARGER", "CARGAR");
    public static readonly Text SystemCheckingBackup = T("system.checking_backup", "Checking the backup on the drive BATTERY…", "Sicherung auf BATTERY wird geprüft…", "Back-up op BATTERY wordt gecontroleerd…", "Vérification de la sauvegarde sur BATTERY…", "Comprobando la copia en BATTERY…");
    public static readonly Text SystemUpdateStage = T("system.update_stage", "Update: {0}", "Update: {0}", "Update: {0}", "Mise à jour : {0}", "Actualización: {0}");
    public static readonly Text SystemLookingForUpdate = T("system.looking", "Looking for an update…", "Suche nach einem Update…", "Zoeken naar een update…", "Recherche d'une mise à jour…", "Buscando una actualización…");

    // Keyboard, confirmation, touch calibration.
    public static readonly Text KeyboardShow = T("keyboard.show", "SHOW", "ZEIGEN", "TOON", "VOIR", "VER");
    public static readonly Text KeyboardHide = T("keyboard.hide", "HIDE", "VERST.", "VERBERG", "CACHER", "OCULTAR");
    public static readonly Text KeyboardSpace = T("keyboard.space", "space", "Leertaste", "spatie", "espace", "espacio");
    public static readonly Text CalibrationTitle = T("calibration.title", "TOUCH CALIBRATION", "TOUCH-KALIBRIERUNG", "TOUCHKALIBRATIE", "CALIBRAGE TACTILE", "CALIBRACIÓN TÁCTIL");
    public static readonly Text CalibrationTap = T("calibration.tap", "Tap the centre of each target as it lights up", "Tippen Sie jeweils die Mitte des leuchtenden Ziels an", "Tik het midden van elk doel aan als het oplicht", "Touchez le centre de chaque cible allumée", "Toque el centro de cada diana cuando se encienda");
    public static readonly Text CalibrationInLine = T("calibration.in_line", "Those taps were in a line: try again, on the targets", "Die Berührungen lagen auf einer Linie: bitte erneut", "Die tikken lagen op een lijn: probeer opnieuw", "Touches alignées : recommencez, sur les cibles", "Toques en línea: repita sobre las dianas");
    public static readonly Text CalibrationDone = T("calibration.done", "Touch calibrated: press SAVE to keep it.", "Touch kalibriert: SPEICHERN, um es zu behalten.", "Touch gekalibreerd: druk op OPSLAAN.", "Tactile calibré : VALIDER pour garder.", "Táctil calibrado: pulse GUARDAR.");
    public static readonly Text CalibrationStep = T("calibration.step", "TARGET {0} OF 3", "ZIEL {0} VON 3", "DOEL {0} VAN 3", "CIBLE {0} SUR 3", "DIANA {0} DE 3");

    // What the app's backend answers after an action (toasts), the About panel, the update's stages and the data
    // source line. The journal keeps the English of each (Say.English).
    public static readonly Text BackendNotSaved = T("backend.not_saved", "Not saved: {0}", "Nicht gespeichert: {0}", "Niet opgeslagen: {0}", "Non enregistré : {0}", "No guardado: {0}");
    public static readonly Text BackendSavedApplied = T("backend.saved_applied", "Saved and applied.", "Gespeichert und übernommen.", "Opgeslagen en toegepast.", "Enregistré et appliqué.", "Guardado y aplicado.");
    public static readonly Text BackendSavedRestart = T("backend.saved_restart", "Saved. Takes effect after a restart.", "Gespeichert. Gilt nach einem Neustart.", "Opgeslagen. Werkt na een herstart.", "Enregistré. Actif après redémarrage.", "Guardado. Se aplica tras reiniciar.");
    public static readonly Text BackendSavedManyRestart = T("backend.saved_many_restart", "Saved {0} settings. They take effect after a restart.", "{0} Einstellungen gespeichert. Sie gelten nach einem Neustart.", "{0} instellingen opgeslagen. Ze werken na een herstart.", "{0} réglages enregistrés. Actifs après redémarrage.", "{0} ajustes guardados. Se aplican tras reiniciar.");
    public static readonly Text BackendSavedMixed = T("backend.saved_mixed", "Saved. {0} applied now, {1} after a restart.", "Gespeichert. {0} gelten jetzt, {1} nach einem Neustart.", "Opgeslagen. {0} nu toegepast, {1} na een herstart.", "Enregistré. {0} appliqués, {1} après redémarrage.", "Guardado. {0} aplicados ya, {1} tras reiniciar.");
    public static readonly Text BackendResetLog = T("backend.reset_log", "PowerSafe100.log will be emptied within a few seconds.", "PowerSafe100.log wird in wenigen Sekunden geleert.", "PowerSafe100.log wordt binnen enkele seconden geleegd.", "PowerSafe100.log sera vidé dans quelques secondes.", "PowerSafe100.log se vaciará en unos segundos.");
    public static readonly Text BackendNotYet = T("backend.not_yet", "{0} is not available yet.", "{0} gibt es noch nicht.", "{0} is nog niet beschikbaar.", "{0} : pas encore disponible.", "{0} aún no está disponible.");
    public static readonly Text BackendNotAvailable = T("backend.not_available", "{0} is not available.", "{0} gibt es hier nicht.", "{0} is niet beschikbaar.", "{0} : indisponible.", "{0} no está disponible.");
    public static readonly Text BackendRestarting = T("backend.restarting", "Restarting…", "Neustart…", "Herstarten…", "Redémarrage…", "Reiniciando…");
    public static readonly Text BackendShuttingDown = T("backend.shutting_down", "Shutting down…", "Wird ausgeschaltet…", "Uitschakelen…", "Arrêt…", "Apagando…");
    public static readonly Text BackendExiting = T("backend.exiting", "Exiting to the console…", "Wechsel zur Konsole…", "Naar de console…", "Retour à la console…", "Saliendo a la consola…");
    public static readonly Text BackendCannotRestart = T("backend.cannot_restart", "Cannot restart: {0}", "Neustart nicht möglich: {0}", "Herstarten lukt niet: {0}", "Redémarrage impossible : {0}", "No se puede reiniciar: {0}");
    public static readonly Text BackendCannotShutDown = T("backend.cannot_shut_down", "Cannot shut down: {0}", "Ausschalten nicht möglich: {0}", "Uitschakelen lukt niet: {0}", "Arrêt impossible : {0}", "No se puede apagar: {0}");
    public static readonly Text BackendNoControllerLink = T("backend.no_controller_link", "No controller link is configured.", "Keine Controller-Verbindung eingerichtet.", "Geen controllerverbinding ingesteld.", "Aucune liaison contrôleur configurée.", "Sin enlace al controlador configurado.");
    public static readonly Text LimitsAccepted = T("limits.accepted", "Saved: controller accepted {0} setting(s).", "Gespeichert: Controller übernahm {0} Werte.", "Opgeslagen: controller nam {0} waarden over.", "Enregistré : {0} valeurs acceptées.", "Guardado: el controlador aceptó {0} valores.");
    public static readonly Text LimitsPartly = T("limits.partly", "Partly saved: {0} of {1} accepted; {2}", "Teils gespeichert: {0} von {1} übernommen; {2}", "Deels opgeslagen: {0} van {1} aanvaard; {2}", "Enregistré en partie : {0} sur {1} ; {2}", "Guardado en parte: {0} de {1}; {2}");
    public static readonly Text LimitsNoController = T("limits.no_controller", "Not saved: no controller known yet (no UDP data received).", "Nicht gespeichert: noch kein Controller bekannt (keine UDP-Daten).", "Niet opgeslagen: nog geen controller bekend (geen UDP-gegevens).", "Non enregistré : aucun contrôleur connu (pas de données UDP).", "No guardado: aún no se conoce el controlador (sin datos UDP).");
    public static readonly Text LimitsTimedOut = T("limits.timed_out", "Not saved: the controller did not answer.", "Nicht gespeichert: Controller antwortet nicht.", "Niet opgeslagen: controller antwoordt niet.", "Non enregistré : le contrôleur ne répond pas.", "No guardado: el controlador no responde.");
    public static readonly Text LimitsUnreachable = T("limits.unreachable", "Not saved: the controller cannot be reached ({0}).", "Nicht gespeichert: Controller nicht erreichbar ({0}).", "Niet opgeslagen: controller onbereikbaar ({0}).", "Non enregistré : contrôleur injoignable ({0}).", "No guardado: controlador inalcanzable ({0}).");
    public static readonly Text LimitsRefused = T("limits.refused", "Not saved: the controller refused them ({0}).", "Nicht gespeichert: Controller lehnte ab ({0}).", "Niet opgeslagen: controller weigerde ({0}).", "Non enregistré : refusé par le contrôleur ({0}).", "No guardado: el controlador los rechazó ({0}).");
    public static readonly Text DriveNone = T("drive.none", "No USB drive labelled BATTERY is plugged in.", "Kein USB-Laufwerk BATTERY eingesteckt.", "Geen USB-stick BATTERY aangesloten.", "Aucune clé USB BATTERY branchée.", "No hay ninguna memoria USB BATTERY.");
    public static readonly Text DriveNotFat = T("drive.not_fat", "The BATTERY drive is not FAT formatted (format it FAT16 or FAT32).", "Laufwerk BATTERY ist nicht FAT-formatiert (FAT16 oder FAT32 nötig).", "Stick BATTERY is niet FAT (formatteer als FAT16 of FAT32).", "La clé BATTERY n'est pas en FAT (formater en FAT16 ou FAT32).", "La memoria BATTERY no es FAT (formatéela FAT16 o FAT32).");
    public static readonly Text DriveUnusable = T("drive.unusable", "The BATTERY drive cannot be used: {0}", "Laufwerk BATTERY nicht nutzbar: {0}", "Stick BATTERY onbruikbaar: {0}", "Clé BATTERY inutilisable : {0}", "Memoria BATTERY inutilizable: {0}");
    public static readonly Text DriveReadOnly = T("drive.read_only", "The BATTERY drive is read-only (check its lock switch).", "Laufwerk BATTERY ist schreibgeschützt (Schalter prüfen).", "Stick BATTERY is alleen-lezen (controleer het schuifje).", "La clé BATTERY est protégée (voir son verrou).", "La memoria BATTERY está protegida (mire su pestaña).");
    public static readonly Text DriveFull = T("drive.full", "The BATTERY drive is full.", "Laufwerk BATTERY ist voll.", "Stick BATTERY is vol.", "La clé BATTERY est pleine.", "La memoria BATTERY está llena.");
    public static readonly Text CopyNoLog = T("copy.no_log", "There is no {0} to copy yet.", "Noch keine {0} zum Kopieren.", "Nog geen {0} om te kopiëren.", "Pas encore de {0} à copier.", "Aún no hay {0} que copiar.");
    public static readonly Text CopyTooBig = T("copy.too_big", "{0} is {1:0.0} MB: too big for a FAT drive (4 GB at most).", "{0} hat {1:0.0} MB: zu groß für FAT (höchstens 4 GB).", "{0} is {1:0.0} MB: te groot voor FAT (max. 4 GB).", "{0} fait {1:0.0} Mo : trop gros pour FAT (4 Go maxi).", "{0} ocupa {1:0.0} MB: demasiado para FAT (máx. 4 GB).");
    public static readonly Text CopyNeeds = T("copy.needs", "The BATTERY drive is full: the log needs {0:0.0} MB, {1:0.0} MB free.", "Laufwerk BATTERY voll: Log braucht {0:0.0} MB, frei {1:0.0} MB.", "Stick BATTERY vol: log vraagt {0:0.0} MB, vrij {1:0.0} MB.", "Clé BATTERY pleine : journal {0:0.0} Mo, libre {1:0.0} Mo.", "Memoria BATTERY llena: registro {0:0.0} MB, libre {1:0.0} MB.");
    public static readonly Text CopyPulled = T("copy.pulled", "The BATTERY drive was pulled out or failed during the copy: {0} on it is the older copy, if any. Plug it in and copy again.", "Laufwerk BATTERY beim Kopieren abgezogen oder defekt: darauf ist ggf. die alte {0}. Einstecken und erneut kopieren.", "Stick BATTERY tijdens kopiëren verwijderd of defect: de oude {0} staat er nog op. Insteken en opnieuw kopiëren.", "Clé BATTERY retirée ou en panne pendant la copie : l'ancien {0} y reste. Rebranchez et recopiez.", "Memoria BATTERY retirada o averiada al copiar: queda el {0} anterior. Conéctela y copie de nuevo.");
    public static readonly Text CopyFailed = T("copy.failed", "Copy to the BATTERY drive failed: {0}", "Kopieren auf BATTERY fehlgeschlagen: {0}", "Kopiëren naar BATTERY mislukt: {0}", "Échec de la copie sur BATTERY : {0}", "Error al copiar en BATTERY: {0}");
    public static readonly Text CopyDone = T("copy.done", "Copied {0} ({1:0.0} MB) to BATTERY. You can remove the drive.", "{0} ({1:0.0} MB) auf BATTERY kopiert. Laufwerk kann ab.", "{0} ({1:0.0} MB) naar BATTERY gekopieerd. Stick mag eruit.", "{0} ({1:0.0} Mo) copié sur BATTERY. Retirez la clé.", "{0} ({1:0.0} MB) copiado en BATTERY. Puede retirarla.");
    public static readonly Text BackupWritingFailed = T("backup.writing_failed", "Writing {0} failed: {1}", "Schreiben von {0} fehlgeschlagen: {1}", "Schrijven van {0} mislukt: {1}", "Échec d'écriture de {0} : {1}", "Error al escribir {0}: {1}");
    public static readonly Text BackupSaved = T("backup.saved", "Saved {0} to BATTERY.", "{0} auf BATTERY gesichert.", "{0} op BATTERY bewaard.", "{0} sauvés sur BATTERY.", "{0} guardados en BATTERY.");
    public static readonly Text BackupSavedLeftOut = T("backup.saved_left_out", "Saved {0} to BATTERY; {1} left out.", "{0} auf BATTERY gesichert; {1} fehlen.", "{0} op BATTERY bewaard; {1} niet.", "{0} sauvés sur BATTERY ; {1} omis.", "{0} guardados en BATTERY; {1} no.");
    public static readonly Text BackupWhat = T("backup.what", "{0} settings, {1} Wi-Fi", "{0} Einstellungen, {1} WLAN", "{0} instellingen, {1} wifi", "{0} réglages, {1} Wi-Fi", "{0} ajustes, {1} wifi");
    public static readonly Text BackupWhatOne = T("backup.what_one", "1 setting, {0} Wi-Fi", "1 Einstellung, {0} WLAN", "1 instelling, {0} wifi", "1 réglage, {0} Wi-Fi", "1 ajuste, {0} wifi");
    public static readonly Text BackupWhatCertificates = T("backup.what_certificates", "{0} settings, MQTT certificates, {1} Wi-Fi", "{0} Einstellungen, MQTT-Zertifikate, {1} WLAN", "{0} instellingen, MQTT-certificaten, {1} wifi", "{0} réglages, certificats MQTT, {1} Wi-Fi", "{0} ajustes, certificados MQTT, {1} wifi");
    public static readonly Text BackupWhatOneCertificates = T("backup.what_one_certificates", "1 setting, MQTT certificates, {0} Wi-Fi", "1 Einstellung, MQTT-Zertifikate, {0} WLAN", "1 instelling, MQTT-certificaten, {0} wifi", "1 réglage, certificats MQTT, {0} Wi-Fi", "1 ajuste, certificados MQTT, {0} wifi");
    public static readonly Text BackupTooBig = T("backup.too_big", "Backup refused: too big ({0:N0} bytes; at most 1 MiB). Nothing was changed.", "Sicherung abgelehnt: zu groß ({0:N0} Byte; max. 1 MiB). Nichts geändert.", "Back-up geweigerd: te groot ({0:N0} bytes; max. 1 MiB). Niets gewijzigd.", "Sauvegarde refusée : trop grande ({0:N0} octets ; 1 Mio maxi). Rien n'a changé.", "Copia rechazada: demasiado grande ({0:N0} bytes; máx. 1 MiB). Nada cambió.");
    public static readonly Text BackupUnreadable = T("backup.unreadable", "Backup refused: {0} cannot be read ({1}). Nothing was changed.", "Sicherung abgelehnt: {0} nicht lesbar ({1}). Nichts geändert.", "Back-up geweigerd: {0} onleesbaar ({1}). Niets gewijzigd.", "Sauvegarde refusée : {0} illisible ({1}). Rien n'a changé.", "Copia rechazada: {0} ilegible ({1}). Nada cambió.");
    public static readonly Text BackupNoFile = T("backup.no_file", "The BATTERY drive holds no {0}.", "Auf BATTERY liegt keine {0}.", "Op BATTERY staat geen {0}.", "La clé BATTERY n'a pas de {0}.", "BATTERY no contiene {0}.");
    public static readonly Text BackupNothingRead = T("backup.nothing_read", "Nothing was read.", "Nichts gelesen.", "Niets gelezen.", "Rien n'a été lu.", "No se leyó nada.");
    public static readonly Text BackupRefused = T("backup.refused", "Backup refused: {0} Nothing was changed.", "Sicherung abgelehnt: {0} Nichts geändert.", "Back-up geweigerd: {0} Niets gewijzigd.", "Sauvegarde refusée : {0} Rien n'a changé.", "Copia rechazada: {0} Nada cambió.");
    public static readonly Text BackupRestoreFailed = T("backup.restore_failed", "Restore failed: {0}", "Wiederherstellen fehlgeschlagen: {0}", "Herstellen mislukt: {0}", "Échec de la restauration : {0}", "Error al restaurar: {0}");
    public static readonly Text BackupRestoredNow = T("backup.restored_now", "Restored {0}. This start uses them.", "{0} wiederhergestellt. Gilt ab diesem Start.", "{0} hersteld. Deze start gebruikt ze.", "{0} restaurés. Ce démarrage les utilise.", "{0} restaurados. Este arranque los usa.");
    public static readonly Text BackupRestoredRestart = T("backup.restored_restart", "Restored {0}. RESTART to apply.", "{0} wiederhergestellt. NEUSTART zum Übernehmen.", "{0} hersteld. HERSTART om toe te passen.", "{0} restaurés. REDÉMARRER pour appliquer.", "{0} restaurados. REINICIAR para aplicar.");
    public static readonly Text BackupRestoredSomeNow = T("backup.restored_some_now", "Restored {0}; {1} not. This start uses them.", "{0} wiederhergestellt; {1} nicht. Gilt ab diesem Start.", "{0} hersteld; {1} niet. Deze start gebruikt ze.", "{0} restaurés ; {1} non. Ce démarrage les utilise.", "{0} restaurados; {1} no. Este arranque los usa.");
    public static readonly Text BackupRestoredSomeRestart = T("backup.restored_some_restart", "Restored {0}; {1} not. RESTART to apply.", "{0} wiederhergestellt; {1} nicht. NEUSTART zum Übernehmen.", "{0} hersteld; {1} niet. HERSTART om toe te passen.", "{0} restaurés ; {1} non. REDÉMARRER pour appliquer.", "{0} restaurados; {1} no. REINICIAR para aplicar.");
    public static readonly Text UpdateInstalled = T("update.installed", "Installed {0}; restarting.", "{0} installiert; Neustart.", "{0} geïnstalleerd; herstarten.", "{0} installée ; redémarrage.", "{0} instalada; reiniciando.");
    public static readonly Text UpdateUpToDate = T("update.up_to_date", "Version {0} is up to date.", "Version {0} ist aktuell.", "Versie {0} is actueel.", "La version {0} est à jour.", "La versión {0} está al día.");
    public static readonly Text UpdateNoSource = T("update.no_source", "No update on the BATTERY drive and no update feed set. Nothing was installed.", "Kein Update auf BATTERY, keine Update-Quelle. Nichts installiert.", "Geen update op BATTERY, geen updatebron. Niets geïnstalleerd.", "Ni mise à jour sur BATTERY ni source réglée. Rien d'installé.", "Sin actualización en BATTERY ni fuente. Nada instalado.");
    public static readonly Text UpdateUnreachable = T("update.unreachable", "The update could not be fetched (network?). Nothing was installed.", "Update nicht abrufbar (Netzwerk?). Nichts installiert.", "Update niet op te halen (netwerk?). Niets geïnstalleerd.", "Mise à jour inaccessible (réseau ?). Rien d'installé.", "No se pudo obtener (¿red?). Nada instalado.");
    public static readonly Text UpdateBadSignature = T("update.bad_signature", "The update's signature is not right. Nothing was installed.", "Signatur des Updates stimmt nicht. Nichts installiert.", "Handtekening van de update klopt niet. Niets geïnstalleerd.", "Signature de la mise à jour invalide. Rien d'installé.", "La firma de la actualización no es válida. Nada instalado.");
    public static readonly Text UpdateDamaged = T("update.damaged", "An update file is damaged. Nothing was installed.", "Eine Update-Datei ist beschädigt. Nichts installiert.", "Een updatebestand is beschadigd. Niets geïnstalleerd.", "Un fichier de mise à jour est abîmé. Rien d'installé.", "Un archivo está dañado. Nada instalado.");
    public static readonly Text UpdateWrongArchitecture = T("update.wrong_architecture", "The update is for another kind of display. Nothing was installed.", "Update passt nicht zu dieser Anzeige. Nichts installiert.", "Update past niet bij dit scherm. Niets geïnstalleerd.", "Mise à jour pour un autre écran. Rien d'installé.", "Es para otra pantalla. Nada instalado.");
    public static readonly Text UpdateNotNewer = T("update.not_newer", "The update is not newer than version {0}. Nothing was installed.", "Das Update ist nicht neuer als {0}. Nichts installiert.", "De update is niet nieuwer dan {0}. Niets geïnstalleerd.", "Pas plus récente que la {0}. Rien d'installé.", "No es más nueva que la {0}. Nada instalado.");
    public static readonly Text UpdateTruncated = T("update.truncated", "The update file is incomplete. Nothing was installed.", "Die Update-Datei ist unvollständig. Nichts installiert.", "Het updatebestand is onvolledig. Niets geïnstalleerd.", "Le fichier de mise à jour est incomplet. Rien d'installé.", "El archivo está incompleto. Nada instalado.");
    public static readonly Text UpdateDiskFull = T("update.disk_full", "Not enough room on the display for the update. Nothing was installed.", "Zu wenig Speicherplatz für das Update. Nichts installiert.", "Te weinig ruimte voor de update. Niets geïnstalleerd.", "Pas assez de place pour la mise à jour. Rien d'installé.", "No hay espacio para la actualización. Nada instalado.");
    public static readonly Text UpdateNotInstalled = T("update.not_installed", "This display cannot install updates (the journal says why).", "Diese Anzeige kann keine Updates installieren (Journal).", "Dit scherm kan geen updates installeren (journal).", "Cet écran ne peut pas se mettre à jour (journal).", "Esta pantalla no puede actualizarse (journal).");
    public static readonly Text UpdateBusy = T("update.busy", "Another update is being installed.", "Ein anderes Update wird installiert.", "Er wordt al een update geïnstalleerd.", "Une autre mise à jour est en cours.", "Ya se instala otra actualización.");
    public static readonly Text UpdateFailed = T("update.failed", "The update failed (the journal says why). Nothing was installed.", "Update fehlgeschlagen (Journal). Nichts installiert.", "Update mislukt (journal). Niets geïnstalleerd.", "Échec de la mise à jour (journal). Rien d'installé.", "La actualización falló (journal). Nada instalado.");
    public static readonly Text UpdateRunning = T("update.running", "An update is already running.", "Ein Update läuft bereits.", "Er loopt al een update.", "Une mise à jour est déjà en cours.", "Ya hay una actualización en curso.");
    public static readonly Text UpdateThenRestart = T("update.then_restart", "{0} Restarting.", "{0} Neustart.", "{0} Herstarten.", "{0} Redémarrage.", "{0} Reiniciando.");
    public static readonly Text UpdateStageDrive = T("update.stage_drive", "Looking on the BATTERY drive", "Suche auf BATTERY", "Zoeken op BATTERY", "Recherche sur BATTERY", "Buscando en BATTERY");
    public static readonly Text UpdateStageAsking = T("update.stage_asking", "Asking {0}", "Frage {0}", "Vragen aan {0}", "Demande à {0}", "Consultando {0}");
    public static readonly Text UpdateStageDownloading = T("update.stage_downloading", "Downloading", "Download", "Downloaden", "Téléchargement", "Descargando");
    public static readonly Text UpdateStageSignature = T("update.stage_signature", "Checking the signature", "Prüfe die Signatur", "Handtekening controleren", "Vérification de la signature", "Comprobando la firma");
    public static readonly Text UpdateStageInstalling = T("update.stage_installing", "Installing {0}", "Installiere {0}", "{0} installeren", "Installation de {0}", "Instalando {0}");
    public static readonly Text UpdateStageSwitching = T("update.stage_switching", "Switching to {0}", "Wechsel auf {0}", "Overschakelen op {0}", "Passage à la {0}", "Cambiando a {0}");
    public static readonly Text UpdateStagePercent = T("update.stage_percent", "{0} {1:0}%", "{0} {1:0} %", "{0} {1:0}%", "{0} {1:0} %", "{0} {1:0} %");
    public static readonly Text AboutUp = T("about.up", "FbDisplay {0} · up {1} d {2} h {3} min", "FbDisplay {0} · läuft {1} T {2} h {3} min", "FbDisplay {0} · aan {1} d {2} u {3} min", "FbDisplay {0} · actif {1} j {2} h {3} min", "FbDisplay {0} · activa {1} d {2} h {3} min");
    public static readonly Text AboutReceived = T("about.received", "Frames received {0:N0}", "Empfangene Frames {0:N0}", "Frames ontvangen {0:N0}", "Trames reçues {0:N0}", "Tramas recibidas {0:N0}");
    public static readonly Text AboutAccepted = T("about.accepted", "Accepted {0:N0} · dropped {1:N0}", "Angenommen {0:N0} · verworfen {1:N0}", "Aanvaard {0:N0} · verloren {1:N0}", "Acceptées {0:N0} · perdues {1:N0}", "Aceptadas {0:N0} · perdidas {1:N0}");
    public static readonly Text AboutRejected = T("about.rejected", "Rejected {0:N0}", "Abgelehnt {0:N0}", "Geweigerd {0:N0}", "Rejetées {0:N0}", "Rechazadas {0:N0}");
    public static readonly Text AboutRejectedMost = T("about.rejected_most", "Rejected {0:N0} ({1})", "Abgelehnt {0:N0} ({1})", "Geweigerd {0:N0} ({1})", "Rejetées {0:N0} ({1})", "Rechazadas {0:N0} ({1})");
    public static readonly Text AboutLogLines = T("about.log_lines", "Log lines {0:N0}", "Log-Zeilen {0:N0}", "Logregels {0:N0}", "Lignes du journal {0:N0}", "Líneas del registro {0:N0}");
    public static readonly Text AboutLogError = T("about.log_error", "Log error: {0}", "Log-Fehler: {0}", "Logfout: {0}", "Erreur du journal : {0}", "Error del registro: {0}");
    public static readonly Text RejectWrongLength = T("reject.wrong_length", "wrong datagram length", "falsche Datagrammlänge", "verkeerde datagramlengte", "longueur de datagramme", "longitud de datagrama");
    public static readonly Text RejectDataLength = T("reject.data_length", "data length over 8", "Datenlänge über 8", "datalengte boven 8", "longueur de données > 8", "longitud de datos > 8");
    public static readonly Text RejectExtendedId = T("reject.extended_id", "extended id", "erweiterte ID", "uitgebreide id", "id étendu", "id extendido");
    public static readonly Text RejectRemoteFrame = T("reject.remote_frame", "remote frame", "Remote-Frame", "remote frame", "trame distante", "trama remota");
    public static readonly Text RejectUnknownId = T("reject.unknown_id", "unknown id", "unbekannte ID", "onbekende id", "id inconnu", "id desconocido");
    public static readonly Text RejectTooShort = T("reject.too_short", "too short", "zu kurz", "te kort", "trop courte", "demasiado corta");
    public static readonly Text RejectModuleCount = T("reject.module_count", "module count out of range", "Modulzahl ungültig", "aantal modules ongeldig", "nb de modules invalide", "módulos no válidos");
    public static readonly Text RejectSequence = T("reject.sequence", "sequence out of range", "Folge ungültig", "volgorde ongeldig", "séquence invalide", "secuencia no válida");
    public static readonly Text RejectErrorFrame = T("reject.error_frame", "error frame", "Fehler-Frame", "foutframe", "trame d'erreur", "trama de error");
    public static readonly Text RejectOtherProtocol = T("reject.other_protocol", "other protocol", "anderes Protokoll", "ander protocol", "autre protocole", "otro protocolo");
    public static readonly Text RejectValue = T("reject.value", "value out of range", "Wert ungültig", "waarde ongeldig", "valeur invalide", "valor no válido");
    public static readonly Text RejectSoc = T("reject.soc", "SOC out of range", "SOC ungültig", "SOC ongeldig", "SOC invalide", "SOC no válido");
    public static readonly Text RejectCellVoltage = T("reject.cell_voltage", "cell voltage out of range", "Zellspannung ungültig", "celspanning ongeldig", "tension cellule invalide", "tensión de celda inválida");
    public static readonly Text RejectPackVoltage = T("reject.pack_voltage", "pack voltage out of range", "Akkuspannung ungültig", "accuspanning ongeldig", "tension batterie invalide", "tensión de batería inválida");
    public static readonly Text RejectTemperature = T("reject.temperature", "temperature out of range", "Temperatur ungültig", "temperatuur ongeldig", "température invalide", "temperatura no válida");
    public static readonly Text SourceUdp = T("source.udp", "UDP port {0}", "UDP-Port {0}", "UDP-poort {0}", "port UDP {0}", "puerto UDP {0}");
    public static readonly Text SourceUdpCan = T("source.udp_can", "UDP port {0} and CAN {1}", "UDP-Port {0} und CAN {1}", "UDP-poort {0} en CAN {1}", "port UDP {0} et CAN {1}", "puerto UDP {0} y CAN {1}");
    public static readonly Text SourceMqtt = T("source.mqtt", "MQTT {0}", "MQTT {0}", "MQTT {0}", "MQTT {0}", "MQTT {0}");

    // The main screen's message line: what failed or changed (FailureNotices, LanNotices, the inverter link, the start).
    // The journal keeps the English of each (Say.English); the system's own error text is shown as it came.
    public static readonly Text PartLog = T("notice.part_log", "Log", "Log", "Log", "Journal", "Registro");
    public static readonly Text PartHistory = T("notice.part_history", "History", "Verlauf", "Historie", "Historique", "Historial");
    public static readonly Text PartHistoryMirror = T("notice.part_mirror", "History mirror", "Verlaufskopie", "Historiekopie", "Copie de l'historique", "Copia del historial");
    public static readonly Text PartEnergy = T("notice.part_energy", "Energy counters", "Energiezähler", "Energietellers", "Compteurs d'énergie", "Contadores de energía");
    public static readonly Text PartMqtt = T("notice.part_mqtt", "MQTT", "MQTT", "MQTT", "MQTT", "MQTT");
    public static readonly Text StoppedLog = T("notice.stopped_log", "logging stopped", "Protokoll gestoppt", "loggen gestopt", "journal arrêté", "registro detenido");
    public static readonly Text StoppedHistory = T("notice.stopped_history", "history stopped", "Verlauf gestoppt", "historie gestopt", "historique arrêté", "historial detenido");
    public static readonly Text StoppedEnergy = T("notice.stopped_energy", "counters not saved", "Zähler nicht gesichert", "tellers niet bewaard", "compteurs non sauvés", "contadores sin guardar");
    public static readonly Text NoticeFailing = T("notice.failing", "{0}: {1}", "{0}: {1}", "{0}: {1}", "{0} : {1}", "{0}: {1}");
    public static readonly Text NoticeStorageFull = T("notice.storage_full", "Data partition full: {0}", "Datenpartition voll: {0}", "Datapartitie vol: {0}", "Partition pleine : {0}", "Partición llena: {0}");
    public static readonly Text NoticeStorageReadOnly = T("notice.storage_read_only", "Storage failed (read-only): {0}", "Speicher defekt (nur lesbar): {0}", "Opslag defect (alleen-lezen): {0}", "Stockage en panne (lecture) : {0}", "Memoria averiada (solo lectura): {0}");
    public static readonly Text NoticeStorageWriteErrors = T("notice.storage_write_errors", "Storage failed (write errors): {0}", "Speicher defekt (Schreibfehler): {0}", "Opslag defect (schrijffouten): {0}", "Stockage en panne (écriture) : {0}", "Memoria averiada (escritura): {0}");
    public static readonly Text NoticeStorageAtStart = T("notice.storage_at_start", "Storage failed: live data only, nothing is kept", "Speicher defekt: nur Live-Daten, nichts gesichert", "Opslag defect: alleen live, niets bewaard", "Stockage en panne : direct seul, rien gardé", "Memoria averiada: solo en vivo, nada se guarda");
    public static readonly Text NoticeSettingsBroken = T("notice.settings_broken", "settings.json was broken: using defaults (see journal)", "settings.json defekt: Standardwerte (siehe Journal)", "settings.json defect: standaardwaarden (zie journal)", "settings.json abîmé : valeurs par défaut (journal)", "settings.json dañado: valores por defecto (diario)");
    public static readonly Text NoticeSettingIgnored = T("notice.setting_ignored", "Setting ignored: {0} (see the journal)", "Einstellung ignoriert: {0} (Journal)", "Instelling genegeerd: {0} (zie journal)", "Réglage ignoré : {0} (journal)", "Ajuste ignorado: {0} (diario)");
    public static readonly Text NoticeSettingsIgnored = T("notice.settings_ignored", "{0} settings ignored: {1}, ... (see journal)", "{0} Einstellungen ignoriert: {1}, … (Journal)", "{0} instellingen genegeerd: {1}, … (journal)", "{0} réglages ignorés : {1}, … (journal)", "{0} ajustes ignorados: {1}, … (diario)");
    public static readonly Text NoticeRestored = T("notice.restored", "Settings restored from the BATTERY drive", "Einstellungen von BATTERY wiederhergestellt", "Instellingen hersteld van BATTERY", "Réglages restaurés depuis BATTERY", "Ajustes restaurados desde BATTERY");
    public static readonly Text NoticeNotRestored = T("notice.not_restored", "Backup on BATTERY not restored (see the journal)", "Sicherung auf BATTERY nicht geladen (Journal)", "Back-up op BATTERY niet hersteld (journal)", "Sauvegarde BATTERY non restaurée (journal)", "Copia en BATTERY no restaurada (diario)");
    public static readonly Text NoticePortShared = T("notice.port_shared", "UDP {0} also used by {1}", "UDP {0} auch von {1} belegt", "UDP {0} ook in gebruik door {1}", "UDP {0} aussi utilisé par {1}", "UDP {0} también usado por {1}");
    public static readonly Text NoticePortSharedMore = T("notice.port_shared_more", "UDP {0} also used by {1} and {2} more", "UDP {0} auch belegt von {1} +{2}", "UDP {0} ook in gebruik door {1} en nog {2}", "UDP {0} aussi utilisé par {1} et {2} autres", "UDP {0} también usado por {1} y {2} más");
    public static readonly Text NoticeMqttPlainPassword = T("notice.mqtt_plain_password", "MQTT password sent unencrypted: use mqtts://", "MQTT-Passwort unverschlüsselt: mqtts:// nutzen", "MQTT-wachtwoord onversleuteld: gebruik mqtts://", "Mot de passe MQTT en clair : utilisez mqtts://", "Contraseña MQTT sin cifrar: use mqtts://");
    public static readonly Text NoticeControllerMoved = T("notice.controller_moved", "Controller is now {0}", "Controller ist jetzt {0}", "Controller is nu {0}", "Contrôleur désormais : {0}", "Controlador ahora: {0}");
    public static readonly Text InverterStale = T("notice.inverter_stale", "Inverter link ({0}) stopped: no fresh controller data.", "Wechselrichter ({0}) gestoppt: keine neuen Daten.", "Omvormer ({0}) gestopt: geen verse gegevens.", "Onduleur ({0}) arrêté : pas de données récentes.", "Inversor ({0}) detenido: sin datos recientes.");
    public static readonly Text InverterNoCellCount = T("notice.inverter_no_cells", "Inverter ({0}) stopped: no Inverter:SeriesCells", "Wechselrichter ({0}): Inverter:SeriesCells fehlt", "Omvormer ({0}): Inverter:SeriesCells ontbreekt", "Onduleur ({0}) : Inverter:SeriesCells manquant", "Inversor ({0}): falta Inverter:SeriesCells");
    public static readonly Text InverterBusError = T("notice.inverter_bus_error", "Inverter link ({0}): bus error {1}, retrying later.", "Wechselrichter ({0}): Busfehler {1}, Neuversuch", "Omvormer ({0}): busfout {1}, later opnieuw.", "Onduleur ({0}) : erreur de bus {1}, on réessaie", "Inversor ({0}): error de bus {1}, se reintentará.");
    public static readonly Text UpdateRolledBack = T("update.rolled_back", "Update to {0} failed; rolled back to {1}", "Update auf {0} fehlgeschlagen; zurück auf {1}", "Update naar {0} mislukt; terug naar {1}", "Mise à jour {0} en échec ; retour à {1}", "Falló la actualización a {0}; vuelta a {1}");
    public static readonly Text UpdateCannotRollBack = T("update.cannot_roll_back", "Update to {0} failed; {1} gone, no rollback", "Update {0} gescheitert, {1} fehlt (Journal)", "Update naar {0} mislukt; {1} weg, geen terugweg", "Mise à jour {0} en échec ; {1} absente", "Falló la actualización a {0}; falta {1}");
    public static readonly Text NoticeUpdateUnreachable = T("notice.update_unreachable", "No update fetched (network?): nothing installed", "Kein Update geladen (Netzwerk?)", "Geen update opgehaald (netwerk?)", "Mise à jour non reçue (réseau ?) : rien installé", "No se descargó la actualización (¿red?)");
    public static readonly Text UpdateUpdatedFrom = T("update.updated_from", "Updated from {0} to {1}.", "Aktualisiert von {0} auf {1}.", "Bijgewerkt van {0} naar {1}.", "Mise à jour de {0} à {1}.", "Actualizado de {0} a {1}.");

    // The web page (served as JSON by /api/texts; keys beginning "web.").
    public static readonly Text WebConnecting = T("web.connecting", "connecting…", "verbinde…", "verbinden…", "connexion…", "conectando…");
    public static readonly Text WebRemote = T("web.remote", "operate the screen remotely", "Bildschirm fernbedienen", "scherm op afstand bedienen", "piloter l'écran à distance", "manejar la pantalla a distancia");
    public static readonly Text WebRemoteOff = T("web.remote_off", "remote screen off: how to switch it on", "Fernbedienung aus: so schalten Sie sie ein", "scherm op afstand uit: zo zet u het aan", "écran à distance coupé : comment l'activer", "pantalla remota apagada: cómo activarla");
    public static readonly Text WebLive = T("web.live", "live", "live", "live", "en direct", "en directo");
    public static readonly Text WebWaiting = T("web.waiting", "waiting for data", "warte auf Daten", "wachten op gegevens", "en attente de données", "esperando datos");
    public static readonly Text WebUnreachable = T("web.unreachable", "display not reachable", "Anzeige nicht erreichbar", "scherm niet bereikbaar", "écran injoignable", "pantalla no disponible");
    public static readonly Text WebLanguage = T("web.language", "Language", "Sprache", "Taal", "Langue", "Idioma");
    public static readonly Text WebAsDisplay = T("web.as_display", "as the display", "wie die Anzeige", "zoals het scherm", "comme l'écran", "como la pantalla");
    public static readonly Text WebHistory = T("web.history", "History", "Verlauf", "Geschiedenis", "Historique", "Historial");
    public static readonly Text WebHour = T("web.hour", "Hour", "Stunde", "Uur", "Heure", "Hora");
    public static readonly Text WebDay = T("web.day", "Day", "Tag", "Dag", "Jour", "Día");
    public static readonly Text WebWeek = T("web.week", "Week", "Woche", "Week", "Semaine", "Semana");
    public static readonly Text WebMonth = T("web.month", "Month", "Monat", "Maand", "Mois", "Mes");
    public static readonly Text WebOr = T("web.or", "or", "oder", "of", "ou", "o");
    public static readonly Text WebShow = T("web.show", "Show", "Zeigen", "Tonen", "Afficher", "Mostrar");
    public static readonly Text WebCsv = T("web.csv", "Download CSV", "CSV herunterladen", "CSV downloaden", "Télécharger le CSV", "Descargar CSV");
    public static readonly Text WebSoc = T("web.soc", "State of charge", "Ladezustand", "Laadtoestand", "État de charge", "Estado de carga");
    public static readonly Text WebTimeTo = T("web.time_to", "Time to full / empty", "Zeit bis voll / leer", "Tijd tot vol / leeg", "Temps jusqu'à plein / vide", "Tiempo a lleno / vacío");
    public static readonly Text WebPower = T("web.power", "Power", "Leistung", "Vermogen", "Puissance", "Potencia");
    public static readonly Text WebCurrent = T("web.current", "Current", "Strom", "Stroom", "Courant", "Corriente");
    public static readonly Text WebPackVoltage = T("web.pack_voltage", "Pack voltage", "Akkuspannung", "Accuspanning", "Tension batterie", "Tensión de batería");
    public static readonly Text WebAmpHours = T("web.amp_hours", "Amp-hours", "Amperestunden", "Ampère-uren", "Ampères-heures", "Amperios-hora");
    public static readonly Text WebTemperatures = T("web.temperatures", "Temperature low / high", "Temperatur min. / max.", "Temperatuur laag / hoog", "Température basse / haute", "Temperatura baja / alta");
    public static readonly Text WebCellsLowAvgHigh = T("web.cells_lah", "Cells low / avg / high", "Zellen min. / Mittel / max.", "Cellen laag / gem. / hoog", "Cellules mini / moy. / maxi", "Celdas mín. / media / máx.");
    public static readonly Text WebCells = T("web.cells", "Cells", "Zellen", "Cellen", "Cellules", "Celdas");
    public static readonly Text WebCutoffs = T("web.cutoffs", "Cutoffs low / high", "Abschaltung unten / oben", "Afschakeling laag / hoog", "Coupures basse / haute", "Cortes bajo / alto");
    public static readonly Text WebBattery = T("web.battery", "Battery", "Akku", "Accu", "Batterie", "Batería");
    public static readonly Text WebBatteryLimits = T("web.battery_limits", "Battery limits", "Akku-Grenzwerte", "Accugrenzen", "Limites batterie", "Límites de batería");
    public static readonly Text WebBatteryProtection = T("web.battery_protection", "Battery protection", "Akkuschutz", "Accubeveiliging", "Protection batterie", "Protección de batería");
    public static readonly Text WebContactors = T("web.contactors", "Contactors", "Schütze", "Contactoren", "Contacteurs", "Contactores");
    public static readonly Text WebFault = T("web.fault", "Fault", "Fehler", "Storing", "Défaut", "Fallo");
    public static readonly Text WebChargeHeat = T("web.charge_heat", "Charge / heat enabled", "Laden / Heizen an", "Laden / verwarmen aan", "Charge / chauffage actifs", "Carga / calefacción activas");
    public static readonly Text WebControllerPower = T("web.controller_power", "Controller power", "Controller-Versorgung", "Voeding controller", "Alimentation contrôleur", "Alimentación controlador");
    public static readonly Text WebChargeCommand = T("web.charge_command", "Charge command (TCCH)", "Ladebefehl (TCCH)", "Laadopdracht (TCCH)", "Consigne de charge (TCCH)", "Orden de carga (TCCH)");
    public static readonly Text WebFrames = T("web.frames", "Frames ok / rejected / dropped", "Frames ok / abgelehnt / verworfen", "Frames ok / geweigerd / verloren", "Trames ok / rejetées / perdues", "Tramas ok / rechazadas / perdidas");
    public static readonly Text WebEnergy = T("web.energy", "Energy", "Energie", "Energie", "Énergie", "Energía");
    public static readonly Text WebInOut = T("web.in_out", "in / out", "rein / raus", "in / uit", "entrée / sortie", "entrada / salida");
    public static readonly Text WebToday = T("web.today", "Today", "Heute", "Vandaag", "Aujourd'hui", "Hoy");
    public static readonly Text WebYesterday = T("web.yesterday", "Yesterday", "Gestern", "Gisteren", "Hier", "Ayer");
    public static readonly Text WebTotal = T("web.total", "Total", "Gesamt", "Totaal", "Total", "Total");
    public static readonly Text WebHighestTemperature = T("web.highest_temperature", "Highest temperature", "Höchste Temperatur", "Hoogste temperatuur", "Température maxi", "Temperatura máxima");
    public static readonly Text WebCellSpread = T("web.cell_spread", "Cell spread (high − low)", "Zellspreizung (max. − min.)", "Celverschil (hoog − laag)", "Écart cellules (haut − bas)", "Diferencia celdas (alta − baja)");
    public static readonly Text WebSince = T("web.since", "since", "seit", "sinds", "depuis", "desde");
    public static readonly Text WebAcknowledged = T("web.acknowledged", "acknowledged", "quittiert", "bevestigd", "acquittée", "confirmada");
    public static readonly Text WebNotSent = T("web.not_sent", "not sent", "nicht gesendet", "niet verzonden", "non envoyé", "no enviado");
    public static readonly Text WebYes = T("web.yes", "yes", "ja", "ja", "oui", "sí");
    public static readonly Text WebNo = T("web.no", "no", "nein", "nee", "non", "no");
    public static readonly Text WebNone = T("web.none", "none", "keine", "geen", "aucun", "ninguno");
    public static readonly Text WebClosed = T("web.closed", "closed", "geschlossen", "gesloten", "fermés", "cerrados");
    public static readonly Text WebOpen = T("web.open", "OPEN", "OFFEN", "OPEN", "OUVERT", "ABIERTO");
    public static readonly Text WebBoth = T("web.both", "both", "beide", "beide", "les deux", "ambos");
    public static readonly Text WebNegative = T("web.negative", "negative", "Minus", "min", "négatif", "negativo");
    public static readonly Text WebPositive = T("web.positive", "positive", "Plus", "plus", "positif", "positivo");
    public static readonly Text WebUnknownCode = T("web.unknown_code", "unknown code", "unbekannter Code", "onbekende code", "code inconnu", "código desconocido");
    public static readonly Text WebPack = T("web.pack", "pack", "Akku", "accu", "batterie", "batería");
    public static readonly Text WebFullIn = T("web.full_in", "full in", "voll in", "vol over", "plein dans", "lleno en");
    public static readonly Text WebEmptyIn = T("web.empty_in", "empty in", "leer in", "leeg over", "vide dans", "vacío en");
    public static readonly Text WebOver99Hours = T("web.over_99h", "more than 99 h", "mehr als 99 h", "meer dan 99 u", "plus de 99 h", "más de 99 h");
    public static readonly Text WebShiftAt = T("web.shift_at", "shift at", "Umschaltung bei", "omschakeling bij", "bascule à", "cambio a");
    public static readonly Text WebNoDataYet = T("web.no_data_yet", "No data yet", "Noch keine Daten", "Nog geen gegevens", "Pas encore de données", "Aún no hay datos");
    public static readonly Text WebNothingStored = T("web.nothing_stored", "nothing stored in this range", "in diesem Zeitraum nichts gespeichert", "niets opgeslagen in deze periode", "rien d'enregistré sur cette période", "nada guardado en este intervalo");
    public static readonly Text WebHistoryUnavailable = T("web.history_unavailable", "history not available", "Verlauf nicht verfügbar", "geschiedenis niet beschikbaar", "historique indisponible", "historial no disponible");
    public static readonly Text WebScreenAlt = T("web.screen_alt", "The display as it is now", "Die Anzeige, wie sie gerade ist", "Het scherm zoals het nu is", "L'écran en ce moment", "La pantalla en este momento");
    public static readonly Text WebFromDate = T("web.from_date", "From", "Von", "Van", "Du", "Desde");
    public static readonly Text WebToDate = T("web.to_date", "To", "Bis", "Tot", "Au", "Hasta");
    public static readonly Text WebNotApplicable = T("web.na", "n/a", "k. A.", "n.v.t.", "n.d.", "n/d");
    public static readonly Text WebEvtvController = T("web.evtv_controller", "EVTV controller", "EVTV-Controller", "EVTV-controller", "contrôleur EVTV", "controlador EVTV");
    public static readonly Text WebPylontechProtocol = T("web.pylontech", "Pylontech protocol", "Pylontech-Protokoll", "Pylontech-protocol", "protocole Pylontech", "protocolo Pylontech");
    public static readonly Text WebChargeLimit = T("web.charge_limit", "charge ≤ {0} V at {1} A", "Laden ≤ {0} V bei {1} A", "laden ≤ {0} V bij {1} A", "charge ≤ {0} V à {1} A", "carga ≤ {0} V a {1} A");
    public static readonly Text WebDischargeLimit = T("web.discharge_limit", "discharge ≥ {0} V at {1} A", "Entladen ≥ {0} V bei {1} A", "ontladen ≥ {0} V bij {1} A", "décharge ≥ {0} V à {1} A", "descarga ≥ {0} V a {1} A");
    public static readonly Text WebPowerHint = T("web.power_hint", "charge +, discharge −", "Laden +, Entladen −", "laden +, ontladen −", "charge +, décharge −", "carga +, descarga −");
    public static readonly Text WebLegendMax = T("web.legend_max", "max", "max.", "max", "maxi", "máx.");
    public static readonly Text WebLegendAverage = T("web.legend_average", "average", "Mittel", "gemiddeld", "moyenne", "media");
    public static readonly Text WebLegendMin = T("web.legend_min", "min", "min.", "min", "mini", "mín.");
    public static readonly Text WebLegendHigh = T("web.legend_high", "high", "max.", "hoog", "maxi", "máx.");
    public static readonly Text WebLegendAvg = T("web.legend_avg", "avg", "Mittel", "gem.", "moy.", "media");
    public static readonly Text WebLegendLow = T("web.legend_low", "low", "min.", "laag", "mini", "mín.");
    public static readonly Text WebLegendTime = T("web.legend_time", "Time", "Zeit", "Tijd", "Heure", "Hora");
    public static readonly Text WebOnePoint = T("web.one_point", "1 point", "1 Punkt", "1 punt", "1 point", "1 punto");
    public static readonly Text WebPoints = T("web.points", "{0} points", "{0} Punkte", "{0} punten", "{0} points", "{0} puntos");
    public static readonly Text WebEverySecond = T("web.every_second", "every second", "jede Sekunde", "elke seconde", "chaque seconde", "cada segundo");
    public static readonly Text WebPerPoint = T("web.per_point", "{0} per point", "{0} pro Punkt", "{0} per punt", "{0} par point", "{0} por punto");
    public static readonly Text WebFromSeconds = T("web.from_seconds", "from seconds", "aus Sekundenwerten", "uit secondewaarden", "valeurs à la seconde", "valores por segundo");
    public static readonly Text WebFromMinutes = T("web.from_minutes", "from minutes", "aus Minutenwerten", "uit minuutwaarden", "valeurs à la minute", "valores por minuto");
    public static readonly Text WebFromHours = T("web.from_hours", "from hours", "aus Stundenwerten", "uit uurwaarden", "valeurs horaires", "valores por hora");
    public static readonly Text WebUnitHour = T("web.unit_h", "h", "h", "u", "h", "h");
    public static readonly Text WebSharingConnecting = T("web.sharing_connecting", "Connecting…", "Verbinde…", "Verbinden…", "Connexion…", "Conectando…");
    public static readonly Text WebSharingLive = T("web.sharing_live", "Live", "Live", "Live", "En direct", "En directo");
    public static readonly Text WebSharingDisconnected = T("web.sharing_disconnected", "Disconnected", "Getrennt", "Verbinding verbroken", "Déconnecté", "Desconectado");
    public static readonly Text WebSharingLost = T("web.sharing_lost", "Connection lost", "Verbindung unterbrochen", "Verbinding verloren", "Connexion perdue", "Conexión perdida");
    public static readonly Text WebSharingPasswordNeeded = T("web.sharing_password_needed", "Password required", "Passwort erforderlich", "Wachtwoord vereist", "Mot de passe requis", "Contraseña necesaria");
    public static readonly Text WebSharingRefused = T("web.sharing_refused", "Refused: {0}", "Abgelehnt: {0}", "Geweigerd: {0}", "Refusé : {0}", "Rechazado: {0}");
    public static readonly Text WebSharingWrongPassword = T("web.sharing_wrong_password", "wrong password", "falsches Passwort", "verkeerd wachtwoord", "mot de passe incorrect", "contraseña incorrecta");
    public static readonly Text WebSharingPassword = T("web.sharing_password", "VNC password", "VNC-Passwort", "VNC-wachtwoord", "Mot de passe VNC", "Contraseña VNC");
    public static readonly Text WebSharingConnect = T("web.sharing_connect", "Connect", "Verbinden", "Verbinden", "Se connecter", "Conectar");
    public static readonly Text WebSharingStatusPage = T("web.sharing_status_page", "status", "Status", "status", "état", "estado");
    public static readonly Text WebOffTitle = T("web.off_title", "Screen sharing is off", "Bildschirmfreigabe ist aus", "Scherm delen staat uit", "Le partage d'écran est désactivé", "Compartir pantalla está desactivado");
    public static readonly Text WebOffIntro = T("web.off_intro", "To watch and operate the display from here, give it a screen sharing password. On the display:", "Um die Anzeige von hier aus zu sehen und zu bedienen, geben Sie ihr ein Freigabe-Passwort. An der Anzeige:", "Om het scherm van hieruit te bekijken en te bedienen, geeft u het een wachtwoord voor scherm delen. Op het scherm:", "Pour voir et piloter l'écran d'ici, donnez-lui un mot de passe de partage. Sur l'écran :", "Para ver y manejar la pantalla desde aquí, asígnele una contraseña de compartir. En la pantalla:");
    public static readonly Text WebOffStep1 = T("web.off_step1", "Tap the gear at the top right of the main screen, then the arrows to the {0} settings page.", "Tippen Sie oben rechts im Hauptbildschirm auf das Zahnrad, dann mit den Pfeilen zur Einstellungsseite {0}.", "Tik rechtsboven op het hoofdscherm op het tandwiel en ga met de pijlen naar de instellingenpagina {0}.", "Touchez la roue dentée en haut à droite de l'écran principal, puis les flèches jusqu'à la page de réglages {0}.", "Toque el engranaje arriba a la derecha de la pantalla principal y luego las flechas hasta la página de ajustes {0}.");
    public static readonly Text WebOffStep2 = T("web.off_step2", "Tap {0}, type a password on the keyboard, tap {1}, then {2}.", "Tippen Sie auf {0}, geben Sie ein Passwort ein, tippen Sie auf {1}, dann auf {2}.", "Tik op {0}, typ een wachtwoord, tik op {1} en dan op {2}.", "Touchez {0}, saisissez un mot de passe, touchez {1}, puis {2}.", "Toque {0}, escriba una contraseña, toque {1} y luego {2}.");
    public static readonly Text WebOffStep3 = T("web.off_step3", "Restart the display ({0} page, {1}). This page then asks for that password.", "Starten Sie die Anzeige neu (Seite {0}, {1}). Diese Seite fragt dann nach dem Passwort.", "Herstart het scherm (pagina {0}, {1}). Deze pagina vraagt dan om dat wachtwoord.", "Redémarrez l'écran (page {0}, {1}). Cette page demandera alors ce mot de passe.", "Reinicie la pantalla (página {0}, {1}). Esta página pedirá entonces esa contraseña.");
    public static readonly Text WebOffFile = T("web.off_file", "Or set {0} in {1} in the display's data directory, and restart it. VNC viewers use the same password; only its first 8 characters count.", "Oder setzen Sie {0} in {1} im Datenverzeichnis der Anzeige und starten Sie sie neu. VNC-Viewer nutzen dasselbe Passwort; nur die ersten 8 Zeichen zählen.", "Of zet {0} in {1} in de gegevensmap van het scherm en herstart het. VNC-viewers gebruiken hetzelfde wachtwoord; alleen de eerste 8 tekens tellen.", "Ou définissez {0} dans {1} dans le dossier de données de l'écran, puis redémarrez-le. Les visionneuses VNC utilisent le même mot de passe ; seuls ses 8 premiers caractères comptent.", "O defina {0} en {1} en la carpeta de datos de la pantalla y reiníciela. Los visores VNC usan la misma contraseña; solo cuentan sus 8 primeros caracteres.");
    public static readonly Text WebOffUnencrypted = T("web.off_unencrypted", "The picture and the password travel unencrypted: share the screen on a trusted network only.", "Bild und Passwort werden unverschlüsselt übertragen: geben Sie den Bildschirm nur in einem vertrauenswürdigen Netz frei.", "Beeld en wachtwoord gaan onversleuteld over het netwerk: deel het scherm alleen op een vertrouwd netwerk.", "L'image et le mot de passe circulent en clair : ne partagez l'écran que sur un réseau de confiance.", "La imagen y la contraseña viajan sin cifrar: comparta la pantalla solo en una red de confianza.");
    public static readonly Text WebOffBack = T("web.off_back", "Back to the status page", "Zurück zur Statusseite", "Terug naar de statuspagina", "Retour à la page d'état", "Volver a la página de estado");
    public static readonly Text WebOffNotStarted = T("web.off_not_started", "Screen sharing has not started.", "Die Bildschirmfreigabe ist nicht gestartet.", "Scherm delen is niet gestart.", "Le partage d'écran n'a pas démarré.", "Compartir pantalla no se ha iniciado.");
    public static readonly Text WebOffNotRunning = T("web.off_not_running", "Screen sharing is not running.", "Die Bildschirmfreigabe läuft nicht.", "Scherm delen draait niet.", "Le partage d'écran ne fonctionne pas.", "Compartir pantalla no está en marcha.");
    public static readonly Text WebOffNoPassword = T("web.off_no_password", "No screen sharing password is set on this display.", "Auf dieser Anzeige ist kein Freigabe-Passwort gesetzt.", "Op dit scherm is geen wachtwoord voor scherm delen ingesteld.", "Aucun mot de passe de partage n'est défini sur cet écran.", "Esta pantalla no tiene contraseña de compartir.");
    public static readonly Text WebOffNoScreen = T("web.off_no_screen", "This display runs without a screen: there is nothing to share.", "Diese Anzeige läuft ohne Bildschirm: es gibt nichts freizugeben.", "Dit apparaat draait zonder beeldscherm: er is niets te delen.", "Cet appareil fonctionne sans écran : il n'y a rien à partager.", "Este equipo funciona sin pantalla: no hay nada que compartir.");
    public static readonly Text WebOffSetup = T("web.off_setup", "Screen sharing is not set up right: {0}.", "Die Bildschirmfreigabe ist falsch eingerichtet: {0}.", "Scherm delen is niet goed ingesteld: {0}.", "Le partage d'écran est mal configuré : {0}.", "Compartir pantalla está mal configurado: {0}.");

    /// <summary>Every row, in declaration order.</summary>
    public static IReadOnlyList<Text> All => Rows;

    /// <summary>The name of a controller fault code (0x654), or null for one nobody has documented.</summary>
    public static Text? ControllerFault(int code) => code switch
    {
        0 => FaultNone,
        1 => FaultCellUnderVoltage,
        2 => FaultCellOverVoltage,
        3 => FaultModuleUnderTemperature,
        4 => FaultModuleOverTemperature,
        5 => FaultVoltageImbalance,
        _ => null,
    };

    /// <summary>Which contactor is open: 1 negative, 2 positive, 3 both, else closed.</summary>
    public static Text Contactor(int code) => code switch
    {
        1 => ContactorNegative,
        2 => ContactorPositive,
        3 => ContactorBoth,
        _ => ContactorClosed,
    };

    /// <summary>The words for <paramref name="kind"/> on the banner and the alarm screen.</summary>
    public static Text AlarmTitle(AlarmKind kind) => kind switch
    {
        AlarmKind.CellHigh => AlarmCellHigh,
        AlarmKind.CellLow => AlarmCellLow,
        AlarmKind.CellSpread => AlarmCellSpread,
        AlarmKind.TemperatureHigh => AlarmTemperatureHigh,
        AlarmKind.TemperatureLow => AlarmTemperatureLow,
        AlarmKind.SocLow => AlarmSocLow,
        AlarmKind.ControllerLost => AlarmControllerLost,
        AlarmKind.MqttDown => AlarmMqttDown,
        AlarmKind.ContactorOpen => AlarmContactorOpen,
        AlarmKind.ControllerFault => AlarmControllerFault,
        _ => AlarmBmsProtection,
    };

    /// <summary>The first named protection in a Pylontech battery's flags (0x359), or null when none is named.</summary>
    public static Text? Protection(int flags) =>
        (flags & PylontechFlags.CellOrModuleOverVoltage) != 0 ? ProtectionOverVoltage
        : (flags & PylontechFlags.CellOrModuleUnderVoltage) != 0 ? ProtectionUnderVoltage
        : (flags & PylontechFlags.OverTemperature) != 0 ? ProtectionOverTemperature
        : (flags & PylontechFlags.UnderTemperature) != 0 ? ProtectionUnderTemperature
        : (flags & PylontechFlags.DischargeOverCurrent) != 0 ? ProtectionDischargeOverCurrent
        : (flags & PylontechFlags.ChargeOverCurrent) != 0 ? ProtectionChargeOverCurrent
        : (flags & PylontechFlags.SystemError) != 0 ? ProtectionSystemError
        : null;

    /// <summary>The About panel's words for why frames were rejected.</summary>
    public static Text RejectReason(FrameRejectReason reason) => reason switch
    {
        FrameRejectReason.WrongDatagramLength => RejectWrongLength,
        FrameRejectReason.DataLengthOver8 => RejectDataLength,
        FrameRejectReason.ExtendedId => RejectExtendedId,
        FrameRejectReason.RemoteFrame => RejectRemoteFrame,
        FrameRejectReason.UnknownId => RejectUnknownId,
        FrameRejectReason.PayloadTooShort => RejectTooShort,
        FrameRejectReason.ModuleCountOutOfRange => RejectModuleCount,
        FrameRejectReason.SequenceOutOfRange => RejectSequence,
        FrameRejectReason.ErrorFrame => RejectErrorFrame,
        FrameRejectReason.OtherProtocol => RejectOtherProtocol,
        FrameRejectReason.SocOutOfRange => RejectSoc,
        FrameRejectReason.CellVoltageOutOfRange => RejectCellVoltage,
        FrameRejectReason.PackVoltageOutOfRange => RejectPackVoltage,
        FrameRejectReason.TemperatureOutOfRange => RejectTemperature,
        _ => RejectValue,
    };

    private static Text T(string key, string english, string german, string dutch, string french, string spanish)
    {
        var t = new Text(key, english, german, dutch, french, spanish);
        Rows.Add(t);
        return t;
    }
}
