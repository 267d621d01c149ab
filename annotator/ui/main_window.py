"""The main window: document list, article text, entity panel, label palette, menus."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from annotator import __version__
from annotator.model.errors import AnnotatorError
from annotator.model.events import EventList
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema, load_schema
from annotator.model.spans import Span, SpanList, collector_paused
from annotator.store.default import PROJECT_SUFFIX, create_project
from annotator.store.layer import DocumentLayer
from annotator.store.project import Project
from annotator.ui import settings
from annotator.ui.actions import label_actions, make_action
from annotator.ui.commands import AddSpan, ChangeSpan, RemoveSpans, SetStatus, set_error_reporter
from annotator.ui.event_editing import EventEditing
from annotator.ui.panels.document_panel import DocumentPanel
from annotator.ui.panels.entity_panel import EntityPanel
from annotator.ui.panels.label_palette import LabelPalette
from annotator.ui.qtmodels.span_table import SpanTableModel
from annotator.ui.review_mode import ReviewMode
from annotator.ui.shortcuts_dialog import ShortcutsDialog
from annotator.ui.text_view import TextView

PROJECT_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"
EDIT_ERRORS = (AnnotatorError, sqlite3.Error, OSError)
MAX_KEPT_DOCUMENTS = 12
LOAD_STEP_CHARS = 200_000  # the rest of a long article's layer loads this much text per event-loop pass


class ImportCancelled(Exception):
    """The annotator pressed Cancel during an import: the transaction rolls back."""


class MainWindow(QMainWindow):
    """One open project; every edit is an undoable command committed to the project file at once."""

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.annotator = annotator
        self.project = project
        self.layer: DocumentLayer | None = None
        self._layers: dict[int, DocumentLayer] = {}
        self._stacks: dict[int, QUndoStack] = {}
        self.undo_group = QUndoGroup(self)
        set_error_reporter(self._report_error)

        self.text_view = TextView(self)
        self.text_view.set_snap_to_tokens(settings.snap_to_tokens())
        self.text_view.set_font_size(settings.font_size())
        self.setCentralWidget(self.text_view)

        self.document_panel = DocumentPanel(self)
        self.document_dock = self._dock(
            "Documents", "documents_dock", self.document_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.span_model = SpanTableModel(self._relabel, self)
        self.entity_panel = EntityPanel(self.span_model, self)
        self.entity_dock = self._dock(
            "Entities", "entities_dock", self.entity_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.palette_bar = LabelPalette(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.palette_bar)

        self._status_doc = QLabel(self)
        self._status_selection = QLabel(self)
        self._status_saved = QLabel(self)
        for label in (self._status_selection, self._status_doc, self._status_saved):
            self.statusBar().addPermanentWidget(label)

        self._build_actions()
        self.events = EventEditing(self)
        self._build_menus()
        self.review = ReviewMode(self)
        self.document_panel.document_chosen.connect(self.open_document)
        self.entity_panel.span_chosen.connect(self._span_chosen_in_panel)
        self.text_view.current_span_changed.connect(self._current_span_changed)
        self.text_view.selectionChanged.connect(self._selection_changed)

        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.splitDockWidget(self.entity_dock, self.events.dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.document_dock, self.entity_dock], [300, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.events.problems_dock], [110], Qt.Orientation.Vertical)
        geometry, state = settings.window_geometry(), settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._load_project(project)

    # -- building ----------------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        act = make_action
        std = QKeySequence.StandardKey
        self.action_new = act(
            self,
            "file.new",
            "&New Project…",
            self.new_project,
            [std.New],
            tip="Create a project file with the ACE 2005 schema",
        )
        self.action_new_schema = act(
            self,
            "file.new_from_schema",
            "New Project from &Schema…",
            self.new_project_from_schema,
            tip="Create a project with your own schema",
        )
        self.action_open = act(self, "file.open", "&Open Project…", self.open_project_dialog, [std.Open])
        self.action_import = act(
            self,
            "file.import",
            "&Import…",
            self.import_files,
            ["Ctrl+I"],
            tip="Add articles and their labels from files in any supported format",
        )
        self.action_import_folder = act(
            self,
            "file.import_folder",
            "Import &Folder…",
            self.import_folder,
            ["Ctrl+Shift+I"],
            tip="Add a folder of brat standoff (.txt + .ann) or plain text articles",
        )
        self.action_export = act(
            self,
            "file.export",
            "&Export…",
            self.export_dialog,
            ["Ctrl+E"],
            tip="Write the labels as training data in any supported format",
        )
        self.action_quit = act(self, "file.quit", "&Quit", self.close, [std.Quit])

        self.action_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.action_undo.setObjectName("edit.undo")
        self.action_undo.setShortcuts(QKeySequence.keyBindings(std.Undo))
        self.action_redo = self.undo_group.createRedoAction(self, "&Redo")
        self.action_redo.setObjectName("edit.redo")
        redo_keys = QKeySequence.keyBindings(std.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.action_redo.setShortcuts(redo_keys)
        self.addActions([self.action_undo, self.action_redo])
        self.action_delete = act(
            self,
            "entity.delete",
            "&Delete Span",
            self.delete_spans,
            [std.Delete, "Backspace"],
            tip="Delete the selected span(s)",
        )
        self.action_snap = act(
            self,
            "annotate.snap_tokens",
            "Snap Selections to &Tokens",
            self._toggle_snap,
            ["Ctrl+T"],
            checkable=True,
            tip="Widen selections to whole tokens (off: whole characters)",
        )
        self.action_snap.setChecked(settings.snap_to_tokens())
        self.action_name = act(self, "annotate.annotator", "Annotator &Name…", self.ask_annotator_name)

        self.action_next = act(
            self,
            "document.next",
            "&Next Document",
            lambda: self.step_document(1),
            ["Ctrl+PgDown", "Alt+Down"],
        )
        self.action_previous = act(
            self,
            "document.previous",
            "&Previous Document",
            lambda: self.step_document(-1),
            ["Ctrl+PgUp", "Alt+Up"],
        )
        self.action_done_next = act(
            self,
            "document.done_next",
            "Mark &Done and Go to Next",
            self.mark_done_and_next,
            ["Ctrl+Return", "Ctrl+Enter"],
        )
        self.action_in_progress = act(
            self, "document.in_progress", "Mark &In Progress", lambda: self.set_status("in_progress")
        )
        self.action_new_status = act(self, "document.new_status", "Mark &New", lambda: self.set_status("new"))
        self.action_filter_docs = act(
            self, "document.filter", "&Filter Documents", self._focus_document_filter, [std.Find]
        )

        self.action_zoom_in = act(
            self, "view.zoom_in", "Zoom &In", lambda: self._zoom(1), [std.ZoomIn, "Ctrl+="]
        )
        self.action_zoom_out = act(self, "view.zoom_out", "Zoom &Out", lambda: self._zoom(-1), [std.ZoomOut])
        self.action_shortcuts = act(
            self, "help.shortcuts", "&Keyboard Shortcuts", self.show_shortcuts, [std.HelpContents]
        )
        self.action_about = act(self, "help.about", "&About annotator", self.show_about)
        self.action_review_demo = act(
            self,
            "help.review_demo",
            "Open the &Review Demo",
            self.open_review_demo,
            tip="The demo articles labelled by three sample annotators, to try review mode and agreement",
        )
        self.label_actions: list[QAction] = []

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.action_new, self.action_new_schema, self.action_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("file.recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.action_import, self.action_import_folder, self.action_export])
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.action_undo, self.action_redo])
        edit_menu.addSeparator()
        edit_menu.addAction(self.action_delete)

        self.annotate_menu = bar.addMenu("&Annotate")
        self.annotate_menu.setObjectName("menu.annotate")
        self.events_menu = bar.addMenu("E&vents")
        self.events_menu.setObjectName("menu.events")
        self.events.build_menu(self.events_menu)

        go_menu = bar.addMenu("&Document")
        go_menu.addActions([self.action_next, self.action_previous, self.action_done_next])
        go_menu.addSeparator()
        go_menu.addActions([self.action_in_progress, self.action_new_status, self.action_filter_docs])

        view_menu = bar.addMenu("&View")
        view_menu.addActions(
            [
                self.document_dock.toggleViewAction(),
                self.entity_dock.toggleViewAction(),
                self.palette_bar.toggleViewAction(),
            ]
        )
        view_menu.addSeparator()
        view_menu.addActions([self.action_zoom_in, self.action_zoom_out])

        self.action_agreement = make_action(
            self,
            "review.agreement",
            "&Agreement…",
            self.show_agreement,
            tip="How far the annotators agree: per pair, per label and per document",
        )
        self.review_menu().addAction(self.action_agreement)

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.action_shortcuts, self.action_review_demo])
        help_menu.addSeparator()
        help_menu.addAction(self.action_about)

        self.text_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text_view.customContextMenuRequested.connect(self._text_context_menu)

    def review_menu(self) -> QMenu:
        """The Review menu, made on first use (several features add their actions to it)."""
        menu = self.menuBar().findChild(QMenu, "menu.review")
        if isinstance(menu, QMenu):
            return menu
        menu = self.menuBar().addMenu("&Review")
        menu.setObjectName("menu.review")
        return menu

    def _rebuild_label_actions(self) -> None:
        for action in self.label_actions:
            self.removeAction(action)
            action.deleteLater()
        self.label_actions = label_actions(self, self.project.schema, self.tag)
        self.annotate_menu.clear()
        self.annotate_menu.addActions(self.label_actions)
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions([self.action_delete, self.action_snap, self.action_name])
        self.palette_bar.set_labels(self.project.schema, self.label_actions)

    # -- project and documents ---------------------------------------------------------------------

    def _load_project(self, project: Project) -> None:
        self.review.reset()
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self._layers.clear()
        self.layer = None
        self.project = project
        self._rebuild_label_actions()
        self.document_panel.model.set_documents(project.summaries(self.annotator))
        name = project.path.name if project.path else "(in memory)"
        self.setWindowTitle(f"{name} — annotator")
        if project.path:
            settings.add_recent_project(project.path)
            settings.set_last_project(project.path)
        ids = project.document_ids()
        remembered = settings.last_document(project.path) if project.path else None
        if ids:
            self.open_document(remembered if remembered in ids else ids[0])
        else:
            empty = SpanList()
            self.text_view.set_content("", empty, project.schema)
            self.span_model.set_content("", empty, project.schema)
            self._status_doc.setText("No documents: File > Import… adds articles")
        self._mark_saved()

    def open_document(self, doc_id: int) -> None:
        """Show a document of the project with the annotator's layer of spans (gold in review mode)."""
        if self.review.active:
            self.review.open_document(doc_id)
            return
        if self.layer is not None and self.layer.document.id == doc_id:
            return
        try:
            layer = self._layers.get(doc_id)
            if layer is None:
                # The spans and events of the first screen now, the rest after the first frame.
                first = self.text_view.first_frame_extent()
                with collector_paused():  # one pause for the spans, the events and their lists
                    document = self.project.document(doc_id)
                    layer = DocumentLayer(self.project, document, self.annotator, first=first)
                layer.spans.subscribe(
                    lambda kind, *_args, d=doc_id, lay=layer: self._count_changed(kind, d, lay)
                )
                self._layers[doc_id] = layer
        except EDIT_ERRORS as exc:
            self._report_error(f"Could not open the document: {exc}")
            return
        self.layer = layer
        self._layers[doc_id] = self._layers.pop(doc_id)  # most recently used last
        self._forget_old_layers()
        stack = self._stacks.get(doc_id)
        if stack is None:
            stack = QUndoStack(self.undo_group)
            self._stacks[doc_id] = stack
        self.undo_group.setActiveStack(stack)
        self.show_layer()

    def show_layer(self) -> None:
        """Show ``self.layer`` everywhere: text, entity and event panels, document list, status bar."""
        layer = self.layer
        if layer is None:
            return
        doc_id = layer.document.id
        schema = self.project.schema
        self.text_view.set_content(layer.text, layer.spans, schema)
        self._show_panels_after_paint(layer)
        self.document_panel.show_current(doc_id)
        if self.project.path:
            settings.set_last_document(self.project.path, doc_id)
        self.text_view.setFocus()

    def enter_review(self, doc_id: int) -> bool:
        """Review a document: edit its gold layer, the annotators' layers overlaid (Review > Review Mode)."""
        return self.review.enter(doc_id)

    def leave_review(self) -> None:
        """Leave review mode, back to the annotator's own layer."""
        if self.review.active:
            self.review.leave()

    def _show_panels_after_paint(self, layer: DocumentLayer) -> None:
        """Draw the layer's triggers now; once that frame is up, load the rest of the layer, fill the panels.

        A layer opened with only its first screen's spans and events (DocumentLayer ``first``) loads the
        rest here, or earlier if an edit or a lookup needs it; the entity panel is filled with it then.
        Resetting the event tree lays out every event's role slots (about 60 ms for 2,000 events), which
        would double the time to the first frame of a big article. Until they are filled the panels are
        empty, not stale, no slot of the previous document stays armed and no validation of it runs.
        """
        schema = self.project.schema
        self.events.disarm()
        self.text_view.set_events(layer.events)
        self.events.model.set_content(layer.text, EventList(), schema, layer.spans.get)
        self.events.clear_problems()
        if layer.loaded:
            self.span_model.set_content(layer.text, layer.spans, schema)
            self._update_doc_status()
        else:
            self.span_model.set_content(layer.text, SpanList(), schema)
            self._status_doc.setText("")

        def fill() -> None:
            if self.layer is not layer:  # replaced by another document meanwhile
                return
            try:
                done = layer.load_more(LOAD_STEP_CHARS)
            except EDIT_ERRORS as exc:
                if self.isVisible():  # a closed window has closed its project file: nothing to report
                    self._report_error(f"Could not read the rest of the document: {exc}")
                return
            if not done:
                QTimer.singleShot(0, self, fill)  # the next step on the next pass: input goes between
                return
            if not self.span_model.showing(layer.spans):
                self.span_model.set_content(layer.text, layer.spans, schema)
            self._update_doc_status()
            if was_partial:
                QTimer.singleShot(0, self, fill_events)  # a pass of its own: the tree lays out 2,000 rows
            else:
                self.events.show_layer()

        def fill_events() -> None:
            if self.layer is layer:
                self.events.show_layer()

        was_partial = not layer.loaded
        if layer.loaded:
            self.text_view.after_next_paint(fill)
        else:
            # The first frame's pass ends with the paint: the first step waits for the next pass.
            self.text_view.after_next_paint(lambda: QTimer.singleShot(0, self, fill))

    def _forget_old_layers(self) -> None:
        """Keep the spans and undo history of the most recently opened documents only.

        A 1 MB article's layer holds about 50 MB; without a bound a day's session would keep every one.
        Reopening a forgotten document reads it again from the file; only its undo history is gone.
        """
        while len(self._layers) > MAX_KEPT_DOCUMENTS:
            oldest = next(iter(self._layers))
            del self._layers[oldest]
            stack = self._stacks.pop(oldest, None)
            if stack is not None:
                self.undo_group.removeStack(stack)
                stack.deleteLater()

    def _count_changed(self, kind: str, doc_id: int, layer: DocumentLayer) -> None:
        if kind not in ("inserted", "removed", "changed", "reset"):
            return
        self.document_panel.model.update(doc_id, entity_count=len(layer.spans))
        summary = self.document_panel.model.summary(doc_id)
        if summary is not None and summary.status == "new" and len(layer.spans):
            self.document_panel.model.update(doc_id, status="in_progress")
        self._update_doc_status()
        self._mark_saved()

    def _update_doc_status(self) -> None:
        if self.layer is None:
            return
        summary = self.document_panel.model.summary(self.layer.document.id)
        position = self.document_panel.model.row_of(self.layer.document.id)
        total = self.document_panel.model.total
        status = summary.status.replace("_", " ") if summary else ""
        self._status_doc.setText(
            f"Document {0 if position is None else position + 1} of {total} · {status} · "
            f"{len(self.layer.spans)} spans · {self.layer.annotator}"
        )

    def _mark_saved(self) -> None:
        from datetime import datetime

        self._status_saved.setText(f"All changes saved {datetime.now():%H:%M:%S}")

    def step_document(self, step: int) -> None:
        """Open the next (1) or previous (-1) document of the list as filtered."""
        if self.layer is None:
            return
        target = self.document_panel.neighbour(self.layer.document.id, step)
        if target is None:
            self.statusBar().showMessage("No more documents in this direction", 3000)
            return
        self.open_document(target)

    def set_status(self, status: str) -> None:
        """Set the open document's status (undoable)."""
        if self.layer is None:
            return
        doc_id = self.layer.document.id
        try:
            before = self.project.set_status(doc_id, status)
        except EDIT_ERRORS as exc:
            self._report_error(f"Could not change the status: {exc}")
            return
        if before != status:
            self._status_changed(doc_id, status)
            command = SetStatus(self.project, doc_id, before, status, self._status_changed)
            self.undo_group.activeStack().push(command)  # the gold layer's stack in review mode

    def _status_changed(self, doc_id: int, status: str) -> None:
        self.document_panel.model.update(doc_id, status=status)
        self._update_doc_status()
        self._mark_saved()

    def mark_done_and_next(self) -> None:
        """Mark the open document done and open the next one."""
        self.set_status("done")
        self.step_document(1)

    # -- annotating --------------------------------------------------------------------------------

    def tag(self, label: str) -> None:
        """Tag the selection with a label, or relabel the selected span."""
        layer = self.layer
        if layer is None:
            return
        selection = self.text_view.selection_offsets()
        current = self.text_view.current_span()
        try:
            if selection is not None:
                existing = layer.spans.exact(*selection)
                target = current if current in existing else (existing[-1] if existing else None)
                if target is None:
                    span = layer.add(selection[0], selection[1], label)
                    stack = self.undo_group.activeStack()
                    if self.events.armed is None:
                        stack.push(AddSpan(layer, span))
                        self.text_view.set_current_span(span)
                        return
                    # A new entity for an armed role slot: tagging and filling are one undoable step.
                    stack.beginMacro(f"Tag as {label} and fill {self.events.armed.role}")
                    stack.push(AddSpan(layer, span))
                    self.events.fill(span)
                    stack.endMacro()
                    return
                if self.events.armed is not None:
                    self.events.fill(target)
                    return
            elif current is not None:
                target = current
            else:
                self.statusBar().showMessage(
                    "Select some text first (drag, double-click or Shift+arrows)", 4000
                )
                return
            self._relabel(target, label)
        except EDIT_ERRORS as exc:
            self._report_error(f"Could not tag the span: {exc}")

    def _relabel(self, span: Span, label: str) -> None:
        layer = self.layer
        if layer is None or span.label == label:
            return
        try:
            before = layer.change(span.id, label=label)
        except EDIT_ERRORS as exc:
            self._report_error(f"Could not relabel the span: {exc}")
            return
        after = layer.spans.get(span.id)
        if after is not None:
            self.undo_group.activeStack().push(ChangeSpan(layer, before, after))

    def delete_spans(self) -> None:
        """Delete the spans selected in the entity panel, or else the current span in the text."""
        layer = self.layer
        if layer is None:
            return
        if self.events.panel.view.hasFocus():
            self.events.delete_selected()
            return
        if self.entity_panel.view.hasFocus():
            spans = self.entity_panel.selected_spans()
        else:
            current = self.text_view.current_span()
            spans = [current] if current is not None else []
            if not spans and (selection := self.text_view.selection_offsets()) is not None:
                spans = layer.spans.exact(*selection)
        if not spans:
            event = self.events.current_event()
            if event is not None:
                self.events.delete_event(event)
            else:
                self.statusBar().showMessage("No span selected to delete", 3000)
            return
        if any(layer.events.filling(span.id) for span in spans):
            if not self.events.confirm_span_delete(spans):
                return
            stack = self.undo_group.activeStack()
            stack.beginMacro(f"Delete {len(spans)} span(s)")
            for span in spans:
                self.events.delete_span_with_arguments(span)
            stack.endMacro()
            return
        try:
            with self.project.transaction():
                for span in spans:
                    self.project.delete_span(span.id)
        except EDIT_ERRORS as exc:
            self._report_error(f"Could not delete: {exc}")
            return
        for span in spans:
            layer.spans.remove(span.id)
        self.undo_group.activeStack().push(RemoveSpans(layer, spans))

    def _span_chosen_in_panel(self, span: Span) -> None:
        if self.events.armed is not None:
            self.events.fill(span)
            return
        self.text_view.set_current_span(span, select=True)

    def _current_span_changed(self, span: Span | None) -> None:
        if not self.entity_panel.view.hasFocus():
            self.entity_panel.show_span(span)

    def _selection_changed(self) -> None:
        selection = self.text_view.selection_offsets()
        if selection is None:
            self._status_selection.setText("")
            return
        start, end = selection
        text = " ".join(self.text_view.text[start:end].split())
        short = text if len(text) <= 40 else text[:39] + "…"
        # FSI…PDI isolate the quoted text, so Arabic in it cannot reorder the offsets after it.
        self._status_selection.setText(f"“\u2068{short}\u2069” {start}–{end}")

    def _toggle_snap(self) -> None:
        on = self.action_snap.isChecked()
        settings.set_snap_to_tokens(on)
        self.text_view.set_snap_to_tokens(on)
        self.statusBar().showMessage("Selections snap to " + ("tokens" if on else "characters"), 3000)

    def _text_context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        tag_menu = menu.addMenu("Tag as")
        tag_menu.addActions(self.label_actions)
        menu.addAction(self.action_delete)
        menu.addSeparator()
        menu.addActions(self.events.actions[:5])
        menu.addSeparator()
        menu.addActions([self.action_undo, self.action_redo])
        menu.exec(self.text_view.viewport().mapToGlobal(pos))

    def _focus_document_filter(self) -> None:
        self.document_dock.show()
        self.document_panel.filter.setFocus()
        self.document_panel.filter.selectAll()

    def _zoom(self, step: int) -> None:
        self.text_view.set_font_size(self.text_view.font_size + step)
        settings.set_font_size(self.text_view.font_size)

    # -- files -------------------------------------------------------------------------------------

    def open_project(self, path: Path) -> bool:
        """Open another project file in this window."""
        try:
            project = Project.open(path)
        except AnnotatorError as exc:
            QMessageBox.warning(self, "Cannot open project", str(exc))
            return False
        old = self.project
        self._load_project(project)
        if old is not project:
            old.close()
        return True

    def open_review_demo(self) -> None:
        """Open the review demo project (made on first use), ready for Review Mode."""
        from annotator.formats.review_demo import open_review_demo, review_demo_path

        try:
            open_review_demo().close()
        except (AnnotatorError, OSError) as exc:
            QMessageBox.warning(self, "Cannot open the review demo", str(exc))
            return
        if self.open_project(review_demo_path()):
            self.statusBar().showMessage(
                "Review demo: press Ctrl+R to review maria's, omar's and lena's labels",
                15000,
            )

    def open_project_dialog(self) -> None:
        """Ask for a project file and open it."""
        path, _ = QFileDialog.getOpenFileName(self, "Open Project", str(self._start_dir()), PROJECT_FILTER)
        if path:
            self.open_project(Path(path))

    def _start_dir(self) -> Path:
        return self.project.path.parent if self.project.path else Path.home()

    def _ask_new_path(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, "New Project", str(self._start_dir()), PROJECT_FILTER)
        if not path:
            return None
        target = Path(path)
        if target.suffix != PROJECT_SUFFIX:
            target = target.with_name(target.name + PROJECT_SUFFIX)
        if target.exists():
            QMessageBox.warning(self, "New Project", f"{target} already exists; open it instead.")
            return None
        return target

    def new_project(self) -> None:
        """Create a project with the default schema and open it."""
        target = self._ask_new_path()
        if target is not None:
            self._create_and_open(target, None)

    def new_project_from_schema(self) -> None:
        """Create a project from a schema file of the user's."""
        schema_path, _ = QFileDialog.getOpenFileName(
            self, "Label Schema", str(self._start_dir()), "Schema files (*.json);;All files (*)"
        )
        if not schema_path:
            return
        try:
            schema = load_schema(Path(schema_path))
        except AnnotatorError as exc:
            QMessageBox.warning(self, "Invalid schema", str(exc))
            return
        target = self._ask_new_path()
        if target is not None:
            self._create_and_open(target, schema)

    def _create_and_open(self, target: Path, schema: Schema | None) -> None:
        try:
            create_project(target, schema).close()
        except AnnotatorError as exc:
            QMessageBox.warning(self, "New Project", str(exc))
            return
        self.open_project(target)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in settings.recent_projects():
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda checked=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def import_files(self) -> None:
        """Ask for files and import them in the format of the chosen filter (by content for "All")."""
        from annotator.ui.import_filters import format_for_filter, import_filters

        filters, _ = import_filters()
        paths, chosen = QFileDialog.getOpenFileNames(self, "Import", str(self._start_dir()), filters)
        if paths:
            self.import_paths([Path(p) for p in paths], format_for_filter(chosen))

    def import_folder(self) -> None:
        """Ask for a folder of brat standoff or plain text files and import it."""
        folder = QFileDialog.getExistingDirectory(
            self, "Import Folder (brat or plain text)", str(self._start_dir())
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], fmt: str = "auto", add_labels: bool = False) -> bool:
        """Import files in one transaction, streaming, with a progress dialog whose Cancel undoes it all.

        Records are read one at a time (a 100,000-document file never sits in memory) and the window
        stays responsive; an error or Cancel rolls the transaction back, leaving the project as it was.
        Import is not an undoable edit, so the undo history is cleared afterwards. Labels the schema
        lacks fail the import, which then offers to add them (``add_labels``) and import again.
        """
        from annotator.formats import read_as
        from annotator.formats.report import FormatReport
        from annotator.store.transfer import import_records

        progress = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        report = FormatReport()

        def records() -> Iterator[DocumentRecord]:
            for number, path in enumerate(paths, start=1):
                for count, record in enumerate(read_as(fmt, path, self.project.schema, report), start=1):
                    if count % 200 == 1:
                        progress.setLabelText(
                            f"Importing {path.name} ({number} of {len(paths)}): {count:,} documents"
                        )
                        QApplication.processEvents()
                        if progress.wasCanceled():
                            raise ImportCancelled
                    yield record

        current = self.layer.document.id if self.layer else None
        try:
            summary = import_records(self.project, records(), annotator=self.annotator, add_labels=add_labels)
        except ImportCancelled:
            progress.close()
            self.statusBar().showMessage("Import cancelled: nothing was imported", 6000)
            return False
        except EDIT_ERRORS as exc:
            progress.close()
            message = str(exc)
            if not add_labels and "(use --add-labels" in message:
                question = message.split(" (use --add-labels")[0] + ".\n\nAdd the missing labels and import?"
                answer = QMessageBox.question(self, "Import: labels not in the schema", question)
                if answer == QMessageBox.StandardButton.Yes:
                    return self.import_paths(paths, fmt, add_labels=True)
                return False
            QMessageBox.warning(self, "Import failed: nothing was imported", message)
            return False
        progress.close()
        self._load_project(self.project)
        if current is not None:
            self.open_document(current)
        from annotator.ui.export_dialog import skipped_details

        lines = summary.lines() + report.lines()[1:] + skipped_details(report)
        QMessageBox.information(self, "Import finished", "\n".join(lines))
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def export_dialog(self) -> None:
        """Ask what to export (format, layer, status, destination) and write it; Cancel writes nothing."""
        from annotator.ui.export_dialog import ExportDialog, run_export

        dialog = ExportDialog(self.project, self.annotator, self._start_dir(), self)
        accepted = dialog.exec() == ExportDialog.DialogCode.Accepted
        plan = dialog.plan
        dialog.deleteLater()
        if accepted and plan is not None:
            run_export(self, self.project, plan)

    def show_agreement(self) -> None:
        """Review > Agreement: the figures as they are now, in a window beside this one."""
        from annotator.ui.agreement_dialog import AgreementDialog

        dialog = self.findChild(AgreementDialog, "agreement_dialog")
        if isinstance(dialog, AgreementDialog) and dialog.project is self.project:
            dialog.refresh()
        else:
            if isinstance(dialog, AgreementDialog):
                dialog.deleteLater()
            dialog = AgreementDialog(self.project, self)
            dialog.document_chosen.connect(self._agreement_document_chosen)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _agreement_document_chosen(self, doc_id: int) -> None:
        """Open a document from the agreement dialog, in review mode when the window has one."""
        enter_review = getattr(self, "enter_review", None)
        if callable(enter_review):
            enter_review(doc_id)
        else:
            self.open_document(doc_id)
        self.raise_()
        self.activateWindow()

    # -- dialogs and settings ----------------------------------------------------------------------

    def ask_annotator_name(self) -> None:
        """Let the annotator change the name recorded on new annotations."""
        name, ok = QInputDialog.getText(
            self, "Annotator Name", "Your name, recorded on every label:", text=self.annotator
        )
        if ok and name.strip() and name.strip() != self.annotator:
            self.annotator = name.strip()
            settings.set_annotator_name(self.annotator)
            self._load_project(self.project)

    def show_shortcuts(self) -> None:
        """List every action and its shortcut."""
        ShortcutsDialog(self.findChildren(QAction), self).exec()

    def show_about(self) -> None:
        """Version and a one-line description."""
        QMessageBox.about(
            self,
            "About annotator",
            f"annotator {__version__}\n\nLabel entities and events in news articles; "
            "every edit is saved to the project file at once.",
        )

    def _report_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, "annotator", message))

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_window(self.saveGeometry(), self.saveState())
        self.project.close()
        super().closeEvent(event)
