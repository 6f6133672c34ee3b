//! Textures for cached pictures (reader images, cover thumbnails): asked of the engine once,
//! decoded off the UI thread, uploaded when they arrive, and kept within a memory budget —
//! past it, the pictures least recently drawn (never those of this frame or the last) are let
//! go and asked for again if they are needed again.

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

/// What the textures of the window may hold, in RGBA bytes, before the least recently drawn
/// go: fifteen large reader pictures, or hundreds of thumbnails.
pub const TEXTURE_BUDGET_BYTES: usize = 64 << 20;

/// The picture cache of the window: a pane asks for a picture while drawing; the engine
/// loads it in the background and the answer arrives as an event.
pub struct Pictures {
    slots: HashMap<PictureKey, Slot>,
    /// The frame each ready texture was last drawn in.
    drawn: HashMap<PictureKey, u64>,
    /// The bytes the ready textures hold.
    resident: usize,
    budget: usize,
    frame: u64,
    /// How many asked-for pictures have not arrived yet.
    loading: usize,
    engine: Arc<Engine>,
    events: EventSink,
}

impl Pictures {
    pub fn new(engine: Arc<Engine>, events: EventSink) -> Pictures {
        Pictures {
            slots: HashMap::new(),
            drawn: HashMap::new(),
            resident: 0,
            budget: TEXTURE_BUDGET_BYTES,
            frame: 0,
            loading: 0,
            engine,
            events,
        }
    }

    /// The texture for `key` if it is ready; otherwise asks the engine for it (once).
    pub fn get(&mut self, key: &PictureKey) -> Option<egui::TextureHandle> {
        match self.slots.get(key) {
            Some(Slot::Ready(texture)) => {
                self.drawn.insert(key.clone(), self.frame);
                Some(texture.clone())
            }
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

    /// A new frame begins: what is drawn from now on is this frame's.
    pub fn next_frame(&mut self) {
        self.frame += 1;
    }

    /// The bytes the ready textures hold now.
    pub fn resident_bytes(&self) -> usize {
        self.resident
    }

    /// Sets the memory budget (for tests and tools); lets textures go at once if over it.
    pub fn set_budget(&mut self, bytes: usize) {
        self.budget = bytes;
        self.keep_within_budget();
    }

    /// Lets the least recently drawn textures go while over budget; those drawn in this frame
    /// or the last stay, whatever they cost.
    fn keep_within_budget(&mut self) {
        while self.resident > self.budget {
            let oldest = self
                .slots
                .iter()
                .filter(|(_, slot)| matches!(slot, Slot::Ready(_)))
                .map(|(key, _)| (self.drawn.get(key).copied().unwrap_or(0), key))
                .filter(|(drawn, _)| drawn + 1 < self.frame)
                .min_by_key(|(drawn, _)| *drawn)
                .map(|(_, key)| key.clone());
            let Some(key) = oldest else {
                break;
            };
            self.forget(&key);
        }
    }

    fn forget(&mut self, key: &PictureKey) {
        if let Some(Slot::Ready(texture)) = self.slots.remove(key) {
            self.resident = self.resident.saturating_sub(texture_bytes(&texture));
        }
        self.drawn.remove(key);
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
        if let Slot::Ready(texture) = &slot {
            self.resident += texture_bytes(texture);
            // Asked for to be drawn: it counts as drawn now, so it is not the first to go.
            self.drawn.insert(key.clone(), self.frame);
        }
        match self.slots.insert(key, slot) {
            Some(Slot::Loading) => self.loading -= 1,
            Some(Slot::Ready(old)) => {
                self.resident = self.resident.saturating_sub(texture_bytes(&old))
            }
            _ => {}
        }
        self.keep_within_budget();
    }

    /// Forgets everything (after the cache was trimmed or refreshed); loads on their way are
    /// still awaited.
    pub fn clear(&mut self) {
        self.slots.retain(|_, slot| matches!(slot, Slot::Loading));
        self.drawn.clear();
        self.resident = 0;
    }
}

/// What a texture holds in memory: RGBA, four bytes a pixel.
fn texture_bytes(texture: &egui::TextureHandle) -> usize {
    let [w, h] = texture.size();
    w * h * 4
}
