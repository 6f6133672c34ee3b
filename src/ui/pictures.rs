//! Textures for cached pictures (reader images, cover thumbnails): asked of the engine once,
//! decoded off the UI thread, uploaded when they arrive.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::{DecodedPicture, Engine, EventSink, PictureKey};

/// What the window knows of one picture.
enum Slot {
    Loading,
    /// Not cached, and why.
    Missing(String),
    Ready(egui::TextureHandle),
}

/// The picture cache of the window: a pane asks for a picture while drawing; the engine
/// loads it in the background and the answer arrives as an event.
pub struct Pictures {
    slots: HashMap<PictureKey, Slot>,
    /// How many asked-for pictures have not arrived yet.
    loading: usize,
    engine: Arc<Engine>,
    events: EventSink,
}

impl Pictures {
    pub fn new(engine: Arc<Engine>, events: EventSink) -> Pictures {
        Pictures {
            slots: HashMap::new(),
            loading: 0,
            engine,
            events,
        }
    }

    /// The texture for `key` if it is ready; otherwise asks the engine for it (once).
    pub fn get(&mut self, key: &PictureKey) -> Option<egui::TextureHandle> {
        match self.slots.get(key) {
            Some(Slot::Ready(texture)) => Some(texture.clone()),
            Some(_) => None,
            None => {
                self.slots.insert(key.clone(), Slot::Loading);
                self.loading += 1;
                self.engine
                    .spawn_load_picture(key.clone(), self.events.clone());
                None
            }
        }
    }

    /// Whether pictures asked for are still on their way (the window is not settled).
    pub fn is_loading(&self) -> bool {
        self.loading > 0
    }

    /// Why nothing is cached for `key`, once the engine has said so.
    pub fn why_missing(&self, key: &PictureKey) -> Option<&str> {
        match self.slots.get(key) {
            Some(Slot::Missing(why)) => Some(why),
            _ => None,
        }
    }

    /// Takes a loaded picture (or why there is none) in.
    pub fn loaded(
        &mut self,
        ctx: &egui::Context,
        key: PictureKey,
        picture: Result<Arc<DecodedPicture>, String>,
    ) {
        let slot = match picture {
            Ok(p) => {
                let image = egui::ColorImage::from_rgba_unmultiplied(
                    [p.width as usize, p.height as usize],
                    &p.rgba,
                );
                let name = format!("{key:?}");
                Slot::Ready(ctx.load_texture(name, image, egui::TextureOptions::LINEAR))
            }
            Err(why) => Slot::Missing(why),
        };
        if let Some(Slot::Loading) = self.slots.insert(key, slot) {
            self.loading -= 1;
        }
    }

    /// Forgets everything (after the cache was trimmed or refreshed); loads on their way are
    /// still awaited.
    pub fn clear(&mut self) {
        self.slots.retain(|_, slot| matches!(slot, Slot::Loading));
    }
}
